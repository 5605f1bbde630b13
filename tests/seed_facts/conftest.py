"""Fixtures for the seed-fact tests: every loader run, as `bootstrap` runs them."""

from __future__ import annotations

import pytest


@pytest.fixture
def loaded(db):
    """The shipped data loaded the way `alliance87 bootstrap` loads it (core first, from the
    session fixture). ``test_seed_003`` checks that a second run adds nothing."""
    from alliance87.governance import seed as governance
    from alliance87.groups import seed as groups
    from alliance87.partners import seed as partners
    from alliance87.pathfinders import seed as pathfinders
    from alliance87.results import seed as results

    for loader in (partners, pathfinders, groups, governance, results):
        loader.load()
