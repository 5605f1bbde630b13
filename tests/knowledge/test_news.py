"""News items (stories): partners write, the Secretariat reviews and publishes; search finds
published ones."""

from __future__ import annotations

import pytest

from alliance87.core.models import AuditEntry, Role
from alliance87.knowledge import search, services_news
from alliance87.knowledge.models import Story
from tests.conftest import PERSONAS, client_for

pytestmark = pytest.mark.django_db


def story(actor, partner):
    return services_news.story_create(
        actor=actor,
        titles={"en": "Cocoa farms without child labour", "_original": "en"},
        summary={"en": "A partner's story."},
        body={"en": "Children went back to school.", "fr": "Les enfants sont retournés à l'école."},
        publisher=partner,
        themes=["child_labour"],
    )


def test_a_partner_writes_the_secretariat_publishes_and_search_finds_it(
    partner, partner_admin_user, secretariat_user, client, django_capture_on_commit_callbacks
):
    s = story(partner_admin_user, partner)
    with django_capture_on_commit_callbacks(execute=True):
        services_news.story_submit(actor=partner_admin_user, story_id=s.pk)
    assert client.get(f"/en/news/{s.slug}/").status_code == 404  # not public yet
    with django_capture_on_commit_callbacks(execute=True):
        services_news.story_publish(actor=secretariat_user, story_id=s.pk)
    s.refresh_from_db()
    assert s.status == "published" and s.published_at is not None
    assert "Cocoa farms without child labour" in client.get("/en/news/").content.decode()
    assert ("news", s.slug) in search.refs(search.Filters(q="enfants école"))
    assert ("news", s.slug) in search.refs(search.Filters(q="trabajo infantil", kind="news"))
    assert AuditEntry.objects.filter(event__startswith="knowledge.story.").count() == 3


@pytest.mark.parametrize("persona", PERSONAS, indirect=True)
def test_only_the_secretariat_publishes_news(persona, partner, make_user):
    author = make_user(Role.PARTNER_ADMIN, scope=partner)
    s = story(author, partner)
    services_news.story_submit(actor=author, story_id=s.pk)
    r = client_for(persona).post(f"/en/news/{s.slug}/publish/")
    s.refresh_from_db()
    from alliance87.core.permissions import is_secretariat

    if persona is not None and is_secretariat(persona):
        assert r.status_code == 302 and s.status == "published"
    else:
        assert r.status_code in (302, 403, 404) and s.status == "submitted"


@pytest.mark.parametrize("n", [2, 25])
def test_the_news_list_runs_a_fixed_number_of_queries(
    client, partner, secretariat_user, n, django_assert_num_queries
):
    for i in range(n):
        Story.objects.create(
            slug=f"s{i}",
            titles={"en": f"Story {i}"},
            body={"en": "x"},
            publisher=partner,
            status="published",
        )
    with django_assert_num_queries(2):
        client.get("/en/news/")
