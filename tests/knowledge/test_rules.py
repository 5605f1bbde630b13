"""The resource workflow and upload rules (pure functions)."""

from alliance87.knowledge import rules
from alliance87.knowledge.rules import RESOURCE, Status


def test_partners_submit_drafts_and_only_submitted_or_draft_resources_are_published():
    assert RESOURCE.target("submit", Status.DRAFT) == Status.SUBMITTED
    assert RESOURCE.target("publish", Status.SUBMITTED) == Status.PUBLISHED
    assert RESOURCE.refusal("submit", Status.PUBLISHED).code == "resource.not_allowed_from"
    assert RESOURCE.refusal("return", Status.DRAFT) is not None
    assert RESOURCE.target("withdraw", Status.PUBLISHED) == Status.WITHDRAWN


def test_only_published_resources_are_public():
    assert rules.resource_is_public("published")
    assert not any(rules.resource_is_public(s) for s in ("draft", "submitted", "withdrawn"))


def test_a_file_over_the_limit_is_refused_with_its_size():
    r = rules.file_size_refusal(25 * 1024 * 1024)
    assert r.code == "resource.file_too_large"
    assert r.values == {"size_mb": 25.0, "limit_mb": 20}
    assert rules.file_size_refusal(1024) is None


def test_a_language_version_is_a_file_or_a_link_not_both():
    assert rules.version_refusal(True, True).code == "resource.file_or_link"
    assert rules.version_refusal(False, False).code == "resource.file_or_link"
    assert rules.version_refusal(True, False) is None


def test_a_resource_is_submitted_with_a_title_and_a_publisher():
    assert rules.submit_refusal(False, True).code == "resource.needs_title"
    assert rules.submit_refusal(True, False).code == "resource.needs_publisher"
    assert rules.submit_refusal(True, True) is None
