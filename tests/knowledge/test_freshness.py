"""The search index follows every app's writes (core.changes' after-write hook), without
``knowledge_reindex``."""

from __future__ import annotations

from alliance87.knowledge import search
from alliance87.knowledge.models import SearchDocument
from alliance87.partners.services import partners as partner_services


def partner_refs(q: str) -> set[str]:
    return {ref for kind, ref in search.refs(search.Filters(q=q)) if kind == "partner"}


def test_a_partner_description_edited_through_its_service_is_found_by_the_new_word(
    partner, partner_admin_user, django_capture_on_commit_callbacks
):
    assert partner_refs("quilombolas") == set()
    with django_capture_on_commit_callbacks(execute=True):
        partner_services.partner_update(
            actor=partner_admin_user,
            partner_id=partner.pk,
            data={"description": {"en": "We work with quilombolas communities."}},
            expected_version=partner.version,
            language="en",
        )
    assert partner_refs("quilombolas") == {partner.slug}
    # and in another language of the index: the concept and the folded form alike
    assert partner_refs("QUILOMBOLAS") == {partner.slug}


def test_a_group_edited_through_changes_is_reindexed(
    secretariat_user, django_capture_on_commit_callbacks
):
    from alliance87.core import changes
    from alliance87.groups.events import GroupsEvent
    from alliance87.groups.models import Group

    group = Group.objects.create(
        slug="test-group", names={"en": "Test group", "_original": "en"}, kind="action_group"
    )
    with django_capture_on_commit_callbacks(execute=True), changes.write():
        locked = changes.lock(Group, pk=group.pk)
        changes.update(
            locked,
            actor=secretariat_user,
            event=next(iter(GroupsEvent)),
            data={"description": {"en": "Zanzibar cloves supply chains", "_original": "en"}},
        )
    assert ("group", "test-group") in search.refs(search.Filters(q="zanzibar"))
    assert SearchDocument.objects.filter(kind="group", ref="test-group").count() == 1
