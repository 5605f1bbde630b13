"""A country's pages, the reviewer workspace and the country's API reads run a fixed number
of queries whatever the length of its history and the number of its documents."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliance87.core.models import Role
from alliance87.pathfinders.models import (
    Document,
    DocumentVersion,
    Pathfinder,
    PathfinderEvent,
    ReviewComment,
)
from tests.conftest import client_for

from .test_queries import build

pytestmark = pytest.mark.django_db


def _documents(pathfinder: Pathfinder, years: range, reviewer) -> Document:
    """A published report a year, each with two versions and a comment; the last one is
    submitted and assigned to ``reviewer``. Returns the last."""
    doc = None
    for year in years:
        doc = Document.objects.create(
            pathfinder=pathfinder,
            kind="report",
            year=year,
            state="finalised",
            published=True,
            sections={"summary": f"Report {year}"},
            reviewer=reviewer,
        )
        for n in (1, 2):
            DocumentVersion.objects.create(
                document=doc, number=n, sections=doc.sections, submitted_by=reviewer
            )
        ReviewComment.objects.create(
            document=doc, version_number=1, section="summary", text="Clear.", author=reviewer
        )
    Document.objects.filter(pk=doc.pk).update(state="submitted", published=False)
    return doc


def _counts(client, urls: list[str]) -> list[int]:
    result = []
    for url in urls:
        client.get(url)  # warm the session and role caches
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        result.append(len(ctx.captured_queries))
    return result


@pytest.mark.parametrize("persona_role", [Role.SECRETARIAT, Role.REVIEWER])
def test_country_pages_and_reviews_keep_their_query_count_as_the_history_grows(
    make_user, persona_role
):
    user = make_user(persona_role)
    client = client_for(user)

    def measure(years: int) -> list[int]:
        PathfinderEvent.objects.all().delete()
        DocumentVersion.objects.all().delete()
        ReviewComment.objects.all().delete()
        Document.objects.all().delete()
        Pathfinder.objects.all().delete()
        build(2, years=years)
        p = Pathfinder.objects.order_by("pk").first()
        Pathfinder.objects.filter(pk=p.pk).update(profile_published=True)
        this_year = dt.date.today().year
        doc = _documents(p, range(this_year - years + 1, this_year + 1), user)
        iso3 = p.country_id
        urls = [
            f"/en/pathfinders/{iso3}/",
            "/en/pathfinders/reviews/",
            f"/en/pathfinders/documents/{doc.pk}/",
            f"/api/pathfinders/{iso3}",
            f"/api/pathfinders/documents/{doc.pk}",
        ]
        if persona_role == Role.SECRETARIAT:
            urls += [
                f"/en/pathfinders/{iso3}/workspace/",
                f"/api/pathfinders/{iso3}/history",
                f"/api/pathfinders/{iso3}/assessment",
            ]
        return _counts(client, urls)

    small = measure(2)
    assert measure(8) == small


def test_the_reviews_page_lists_countries_as_the_readers_language_sorts(make_user):
    """Brazil before Germany in English; Alemania before Brasil in Spanish."""
    import re

    for iso3 in ("BRA", "DEU"):
        p = Pathfinder.objects.create(country_id=iso3, status="candidate", stage="planning")
        Document.objects.create(pathfinder=p, kind="roadmap", state="submitted")
    client = client_for(make_user(Role.SECRETARIAT))
    order = {}
    for lang in ("en", "es"):
        html = client.get(f"/{lang}/pathfinders/reviews/").content.decode()
        order[lang] = re.findall(r'data-iso3="([A-Z]{3})"', html)
    assert order == {"en": ["BRA", "DEU"], "es": ["DEU", "BRA"]}
