"""The public reads answer 200 on the data the platform ships (the fuzz run starts from an
empty database; a 500 that needs real rows hides there)."""

from __future__ import annotations

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/api/partners",
    "/api/partners?q=child",
    "/api/pathfinders",
    "/api/pathfinders/NPL",
    "/api/gcg/seats",
    "/api/gcg/meetings",
    "/api/groups",
]


@pytest.fixture
def shipped_data():
    from alliance87.governance import seed as governance
    from alliance87.groups import seed as groups
    from alliance87.partners import seed as partners
    from alliance87.pathfinders import seed as pathfinders

    for loader in (partners, pathfinders, groups, governance):
        loader.load()


def test_every_public_read_answers_on_the_shipped_data(shipped_data):
    client = client_for(None)
    for url in PUBLIC:
        r = client.get(url)
        assert r.status_code == 200, (url, r.content[:300])
