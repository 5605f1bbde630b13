from __future__ import annotations

import pytest

from alliance87.core.models import Country, Role
from alliance87.pathfinders.models import Pathfinder
from alliance87.results import seed
from alliance87.results.models import Framework, Indicator

FW = "ri-2018-2021"


@pytest.fixture
def framework(db):
    seed.load()
    return Framework.objects.get(code=FW)


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(result__framework__code=FW, code=code)


@pytest.fixture
def peru(db):
    """Peru as a pathfinder country, the scope of a focal point."""
    return Pathfinder.objects.get_or_create(
        country=Country.objects.get(iso3="PER"),
        defaults={"status": "candidate", "stage": "expression_of_interest"},
    )[0]


@pytest.fixture
def peru_focal_point(make_user, peru):
    return make_user(Role.FOCAL_POINT, scope=peru)
