"""The shared mechanisms of ``core``: one home per job (docs/developing.md).

Transitions and refusals, saving a change, locking, notifying, audit events, service errors
on forms, htmx fragments and content in several languages, each tested as the apps use it.
"""

from __future__ import annotations

import pytest
from django import forms
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy

from alliance87.core import audit, changes, content, notify, refusals
from alliance87.core.exceptions import Conflict, DomainError, NotFound, TransitionRefused
from alliance87.core.forms import show_error, step
from alliance87.core.htmx import render_page
from alliance87.core.models import AuditEntry, Country, Role
from alliance87.core.transitions import Refusal, TransitionTable, refusal
from alliance87.partners.models import Partner

pytestmark = pytest.mark.django_db


@audit.register_events
class SampleEvent(audit.Events):
    PARTNER_TOUCHED = "tests.partner.touched", gettext_lazy("Partner touched")
    PARTNER_MADE = "tests.partner.made", gettext_lazy("Partner made")


DOC = TransitionTable(
    "tests_doc",
    {"submit": ({"draft", "commented"}, "submitted"), "comment": ({"submitted"}, None)},
)

refusals.register(
    {
        "tests_doc.not_allowed_from": gettext_lazy("A %(state)s document cannot be sent."),
        "tests.too_many": lambda p: f"{p['count']} > {p['limit']}",
    }
)


def _partner(**kw) -> Partner:
    return Partner.objects.create(
        slug=kw.pop("slug", "sample"), names={"en": "Sample"}, category="civil_society", **kw
    )


# Transitions and refusals -------------------------------------------------------------


def test_a_transition_table_allows_its_sources_and_names_them_when_it_refuses():
    assert DOC.refusal("submit", "draft") is None
    assert DOC.target("submit", "draft") == "submitted"
    assert DOC.target("comment", "submitted") == "submitted"  # None: the state is unchanged
    refused = DOC.refusal("submit", "submitted")
    assert refused == Refusal(
        "tests_doc.not_allowed_from",
        (("action", "submit"), ("allowed", ("commented", "draft")), ("state", "submitted")),
    )
    assert DOC.actions_from("submitted") == ["comment"]


def test_refusals_compare_by_content_and_serialise_their_parameters():
    a = refusal("tests.too_many", limit=3, count=4)
    assert a == refusal("tests.too_many", count=4, limit=3)
    assert a.to_dict() == {"code": "tests.too_many", "params": {"count": 4, "limit": 3}}


def test_refusal_words_come_from_the_catalogue_in_the_active_language():
    r = DOC.refusal("submit", "final")
    assert refusals.refusal_text(r) == "A final document cannot be sent."
    assert refusals.refusal_text(refusal("tests.too_many", count=4, limit=3)) == "4 > 3"
    exc = refusals.refused(r, field="status")
    assert isinstance(exc, TransitionRefused) and exc.status_code == 409
    assert (exc.code, exc.field, exc.params["state"]) == (r.code, "status", "final")


def test_a_code_registered_twice_with_other_words_is_a_bug():
    with pytest.raises(ValueError, match="twice"):
        refusals.register({"tests.too_many": gettext_lazy("other words")})


def test_an_unknown_refusal_code_is_a_bug_not_a_silent_english_text():
    with pytest.raises(KeyError):
        refusals.refusal_text(refusal("tests.never_registered"))


# Saving a change ------------------------------------------------------------------------


def test_update_saves_only_what_changed_bumps_the_version_and_audits_old_and_new(secretariat):
    partner = _partner(website="https://old.example.org")
    with changes.write():
        locked = changes.lock(Partner, pk=partner.pk)
        diff = changes.update(
            locked,
            actor=secretariat,
            event=SampleEvent.PARTNER_TOUCHED,
            data={"website": "https://new.example.org", "acronym": {}},
            expected_version=1,
        )
    assert diff == {"website": ["https://old.example.org", "https://new.example.org"]}
    partner.refresh_from_db()
    assert (partner.website, partner.version) == ("https://new.example.org", 2)
    entry = AuditEntry.objects.get(event="tests.partner.touched")
    assert entry.actor == secretariat
    assert entry.object_id == str(partner.pk)
    assert entry.changes == {"website": ["https://old.example.org", "https://new.example.org"]}


def test_update_refuses_a_stale_version_and_writes_nothing(secretariat):
    partner = _partner(website="https://old.example.org")
    with pytest.raises(Conflict), changes.write():
        changes.update(
            changes.lock(Partner, pk=partner.pk),
            actor=secretariat,
            event=SampleEvent.PARTNER_TOUCHED,
            data={"website": "https://new.example.org"},
            expected_version=7,
        )
    partner.refresh_from_db()
    assert (partner.website, partner.version) == ("https://old.example.org", 1)
    assert not AuditEntry.objects.filter(event="tests.partner.touched").exists()


def test_update_that_changes_nothing_saves_nothing_and_writes_no_row(secretariat):
    partner = _partner(website="https://same.example.org")
    with changes.write():
        diff = changes.update(
            partner,
            actor=secretariat,
            event=SampleEvent.PARTNER_TOUCHED,
            data={"website": "https://same.example.org"},
            expected_version=1,
        )
    partner.refresh_from_db()
    assert diff == {} and partner.version == 1
    assert not AuditEntry.objects.filter(event="tests.partner.touched").exists()


def test_update_validates_before_saving_so_the_user_gets_our_message(secretariat):
    partner = _partner()
    with pytest.raises(ValidationError) as err, changes.write():
        changes.update(
            partner, actor=secretariat, event=SampleEvent.PARTNER_TOUCHED, data={"website": "x"}
        )
    assert "website" in err.value.message_dict
    partner.refresh_from_db()
    assert partner.website == "" and partner.version == 1


def test_create_validates_saves_and_records_the_fields_given(secretariat):
    peru = Country.objects.get(iso3="PER")
    made = changes.create(
        Partner,
        actor=secretariat,
        event=SampleEvent.PARTNER_MADE,
        slug="made",
        names={"en": "Made"},
        category="civil_society",
        countries_of_work=[peru],
    )
    assert list(made.countries_of_work.all()) == [peru]
    entry = AuditEntry.objects.get(event="tests.partner.made")
    assert entry.changes["slug"] == [None, "made"]
    assert entry.actor == secretariat


def test_lock_answers_not_found_for_a_missing_row_with_a_404():
    with pytest.raises(NotFound) as err, changes.write():
        changes.lock(Partner, pk=987654, not_found="No such partner.")
    assert err.value.status_code == 404 and err.value.message == "No such partner."


def test_lock_many_returns_rows_in_primary_key_order():
    b = _partner(slug="b")
    a = _partner(slug="a")
    with changes.write():
        rows = changes.lock_many(Partner, slug__in=["a", "b"])
    assert [r.pk for r in rows] == sorted([a.pk, b.pk])


def test_a_service_transaction_is_durable_unless_it_says_it_nests():
    with transaction.atomic(), changes.write(nested=True):
        pass  # a deliberate nested use is allowed
    with pytest.raises(RuntimeError), transaction.atomic(), changes.write():
        pass  # a service inside another transaction, without saying so, is refused


# Typed audit events ---------------------------------------------------------------------


def test_audit_events_are_shown_in_words_in_the_readers_language():
    from alliance87.core.events import CoreEvent

    with translation.override("es"):
        assert audit.event_label(CoreEvent.ROLE_ASSIGNED.value) == "Función asignada"
    assert audit.event_label("old.event.no_longer_declared") == "old.event.no_longer_declared"
    assert ("tests.partner.touched", "Partner touched") in audit.event_choices()


def test_the_audit_page_names_events_in_words_and_answers_htmx_with_the_results_only(
    secretariat, make_user
):
    from tests.conftest import client_for

    someone = make_user(Role.PARTNER_MEMBER)
    from alliance87.core.services import role_assign

    role_assign(actor=secretariat, user=someone, role=Role.GCG_MEMBER)
    c = client_for(secretariat)
    page = c.get("/es/audit/").content.decode()
    assert "Función asignada" in page and "<html" in page
    assert secretariat.email in page  # the actor is named unambiguously
    fragment = c.get("/es/audit/", {"event": "core.role.assigned"}, HTTP_HX_REQUEST="true")
    body = fragment.content.decode()
    assert "<html" not in body and 'id="results"' in body and "Función asignada" in body
    assert "HX-Request" in fragment["Vary"]


# Notifications ----------------------------------------------------------------------------


def test_send_composes_each_message_in_its_recipients_language():
    recipients = [notify.Recipient("ana@example.org", "es"), notify.Recipient("jo@example.org", "")]
    sent = notify.send(
        recipients,
        lambda: (str(gettext_lazy("Account created")), translation.get_language()),
    )
    assert sent == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["ana@example.org"].subject == "Cuenta creada"
    assert by_address["ana@example.org"].body == "es"
    assert by_address["jo@example.org"].subject == "Account created"


def test_on_commit_enqueues_only_after_the_transaction_commits(django_capture_on_commit_callbacks):
    calls = []

    class FakeTask:
        def enqueue(self, *args):
            calls.append(args)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notify.on_commit(FakeTask(), 42)
        assert calls == []  # nothing before commit
    assert len(callbacks) == 1 and calls == [(42,)]


def test_recipients_are_active_users_with_an_address_once_each(make_user):
    a = make_user(Role.SECRETARIAT)
    a.preferred_language = "fr"
    b = make_user(Role.SECRETARIAT)
    b.is_active = False
    assert notify.recipients_of([a, a, b]) == [notify.Recipient(a.email, "fr")]


# Service errors on forms ----------------------------------------------------------------


class _Form(forms.Form):
    title = forms.CharField(required=False)


def test_service_errors_land_on_the_named_field_or_at_the_top_of_the_form():
    form = _Form(data={"title": "x"})
    form.is_valid()
    show_error(form, ValidationError({"title": "Too short.", "elsewhere": "Not here."}))
    show_error(form, DomainError("Refused.", field="title"))
    show_error(form, Conflict("Changed meanwhile."))
    assert form.errors["title"] == ["Too short.", "Refused."]
    assert form.non_field_errors() == ["Not here.", "Changed meanwhile."]


class _VersionForm(forms.Form):
    version = forms.IntegerField()


def _button_request():
    from django.contrib.messages.storage.fallback import FallbackStorage

    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _messages(request) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in request._messages]


def test_a_buttons_step_says_done_or_the_refusal_as_a_message():
    request = _button_request()
    done = step(request, lambda: 3, lambda n: f"Sent to {n}.")
    assert done and done.value == 3
    assert not step(request, lambda: (_ for _ in ()).throw(Conflict("Changed meanwhile.")), "x")
    assert not step(request, lambda: (_ for _ in ()).throw(ValidationError("Too late.")), "x")
    assert step(request, lambda: None, None)  # no words: no message
    assert _messages(request) == [
        ("success", "Sent to 3."),
        ("error", "Changed meanwhile."),
        ("error", "Too late."),
    ]
    with pytest.raises(NotFound):  # a missing object is the 404 page, not a message
        step(request, lambda: (_ for _ in ()).throw(NotFound("Gone.")), "x")


def test_a_buttons_step_with_a_form_calls_the_service_only_when_the_form_is_valid():
    request = _button_request()
    calls = []
    assert not step(request, calls.append, "Saved.", form=_VersionForm(data={"version": "x"}))
    assert calls == [] and _messages(request) == [("error", "Enter a whole number.")]
    assert step(request, calls.append, gettext_lazy("Saved."), form=_VersionForm({"version": 2}))
    assert calls == [{"version": 2}]
    assert _messages(request) == [("error", "Enter a whole number."), ("success", "Saved.")]


def test_render_page_serves_the_whole_page_without_htmx():
    request = RequestFactory().get("/en/audit/")
    request.user = None
    response = render_page(
        request, "core/widgets/multilingual.html", {"widget": {"subwidgets": []}}
    )
    assert response.status_code == 200


# Content in several languages -----------------------------------------------------------


def test_content_shows_the_page_language_else_the_original_marked_as_a_fallback():
    value = content.make("es", es="Trabajo infantil", en="Child labour")
    assert content.localise(value, "en") == content.Localised("Child labour", "en", False, False)
    shown = content.localise(value, "fr")
    assert (shown.text, shown.language, shown.fallback, shown.original) == (
        "Trabajo infantil",
        "es",
        True,
        True,
    )
    assert content.missing_languages(value) == ["fr", "pt"]
    assert content.text({}, "en") == ""


def test_the_localised_tag_marks_a_fallback_visibly_in_the_readers_language():
    from django.template import Context, Template

    t = Template("{% load core_tags %}{% localised value %}")
    value = content.make("es", es="Trabajo infantil")
    with translation.override("fr"):
        html = t.render(Context({"value": value}))
    assert 'lang="es"' in html and "Trabajo infantil" in html and "original en espagnol" in html
    with translation.override("es"):
        assert "fallback-note" not in t.render(Context({"value": value}))


def test_content_validation_refuses_an_unknown_language():
    with pytest.raises(ValidationError, match="xx"):
        content.validate_multilingual({"xx": "text"})
    with pytest.raises(ValidationError):
        content.validate_multilingual({"es": "t", content.ORIGINAL: "de"})
    content.validate_multilingual(content.make("es", es="t", pt="t"))


def test_content_is_searched_in_one_language_the_same_on_both_databases():
    Partner.objects.create(
        slug="p1",
        names=content.make("es", es="Trabajo infantil", en="Child labour"),
        category="civil_society",
    )
    Partner.objects.create(
        slug="p2", names=content.make("en", en="Infantil"), category="civil_society"
    )
    spanish = Partner.objects.filter(content.search_q("names", "infantil", "es"))
    assert list(spanish.values_list("slug", flat=True)) == ["p1"]
    anywhere = Partner.objects.filter(content.search_q("names", "INFANTIL")).order_by("slug")
    assert list(anywhere.values_list("slug", flat=True)) == ["p1", "p2"]


def test_the_multilingual_form_field_edits_every_language_and_the_original():
    field = content.MultilingualField(blank=True).formfield()
    value = field.clean(["Child labour", "Trabajo infantil", "", "", "es"])
    assert value == {"en": "Child labour", "es": "Trabajo infantil", "_original": "es"}
    required = content.MultilingualField().formfield()
    with pytest.raises(ValidationError):
        required.clean(["", "", "", "", ""])
    short = content.MultilingualFormField(max_length=3, required=False)
    assert 'maxlength="3"' in short.widget.render("acronym", {"es": "OIT"})
    assert short.clean(["ILO", "OIT", "", "", ""]) == {"en": "ILO", "es": "OIT"}
    with pytest.raises(ValidationError):
        short.clean(["ILO", "OITX", "", "", ""])


def test_after_write_hooks_run_on_commit_only_and_not_for_an_empty_change(
    secretariat, django_capture_on_commit_callbacks, monkeypatch
):
    seen: list[tuple[str, int]] = []
    monkeypatch.setattr(changes, "_after_write_hooks", [])
    changes.after_write(lambda obj: seen.append((obj._meta.label, obj.pk)))
    partner = _partner(website="https://old.example.org")
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        changes.write(),
    ):
        changes.update(
            changes.lock(Partner, pk=partner.pk),
            actor=secretariat,
            event=SampleEvent.PARTNER_TOUCHED,
            data={"website": "https://rolled-back.example.org"},
        )
        raise RuntimeError("rolled back")
    assert seen == []  # a rollback calls no hook
    with django_capture_on_commit_callbacks(execute=True), changes.write():
        changes.update(
            changes.lock(Partner, pk=partner.pk),
            actor=secretariat,
            event=SampleEvent.PARTNER_TOUCHED,
            data={"website": "https://old.example.org"},  # nothing changes
        )
    assert seen == []
    with django_capture_on_commit_callbacks(execute=True), changes.write():
        changes.update(
            changes.lock(Partner, pk=partner.pk),
            actor=secretariat,
            event=SampleEvent.PARTNER_TOUCHED,
            data={"website": "https://new.example.org"},
        )
    assert seen == [("partners.Partner", partner.pk)]


def test_a_file_uploaded_in_a_change_that_rolls_back_is_deleted(secretariat, settings, tmp_path):
    import io

    from django.core.files.base import ContentFile
    from PIL import Image

    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    settings.MEDIA_ROOT = tmp_path
    partner = _partner(website="https://old.example.org")
    with pytest.raises(Conflict), changes.write():
        locked = changes.lock(Partner, pk=partner.pk)
        changes.update(
            locked,
            actor=secretariat,
            event=SampleEvent.PARTNER_TOUCHED,
            data={"logo": ContentFile(png.getvalue(), name="logo.png")},
        )
        raise Conflict("someone else saved first")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    partner.refresh_from_db()
    assert not partner.logo
    with changes.write():
        changes.update(
            changes.lock(Partner, pk=partner.pk),
            actor=secretariat,
            event=SampleEvent.PARTNER_TOUCHED,
            data={"logo": ContentFile(png.getvalue(), name="logo.png")},
        )
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1  # a committed one stays
