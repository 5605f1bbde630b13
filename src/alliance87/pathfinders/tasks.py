"""Background work: report reminders to focal points and the Secretariat's weekly digest.

cron enqueues :func:`send_report_reminders` daily (``alliance87 pathfinders remind``) and
:func:`send_weekly_digest` weekly (``alliance87 pathfinders digest``); the worker
(``alliance87 db_worker``) runs them (docs/pathfinders.md, "Scheduling"). Run each once per
period: a second run the same day sends the same e-mails again. Every e-mail is composed in
its recipient's preferred language.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from alliance87.core import notify, words
from alliance87.core.models import AuditEntry, Role, RoleAssignment

from . import rules

#: Seed 003 footnote 1 sets the deadline; the issue asks for reminders 60, 30 and 7 days
#: before 30 April, and when overdue.
REMINDER_DAYS = (60, 30, 7)


def reminder_kind(as_of: dt.date, next_due: dt.date | None, overdue: bool) -> str | None:
    """Which reminder (if any) is due on ``as_of``: "60", "30", "7", "overdue" or None.

    Overdue reminders go out on the first day after the deadline and every 30 days after.
    """
    if overdue:
        return "overdue"
    if next_due is None:
        return None
    days = (next_due - as_of).days
    return str(days) if days in REMINDER_DAYS else None


def _focal_point_recipients(iso3: str) -> list[notify.Recipient]:
    """The country's active focal points, each with their preferred language."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Pathfinder

    ct = ContentType.objects.get_for_model(Pathfinder)
    return notify.recipients_of(
        a.user
        for a in RoleAssignment.objects.filter(
            role=Role.FOCAL_POINT, scope_type=ct, scope_id=iso3, user__is_active=True
        ).select_related("user")
    )


@task()
def send_report_reminders(as_of: str | None = None) -> int:
    """E-mail focal points, each in their preferred language, 60, 30 and 7 days before
    30 April and when a report is overdue, with a link to their workspace; and, on a day
    some country's report falls overdue, one e-mail to each member of the Secretariat
    naming every such country. Returns the number of countries reminded."""
    from .messages import overdue_text
    from .selectors import pathfinder_rows

    day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
    sent = 0
    overdue_rows = []
    for row in pathfinder_rows(as_of=day, status=rules.Status.ACTIVE.value):
        a = row.assessment
        overdue_today = any(o.days == 1 or (o.days > 1 and o.days % 30 == 1) for o in a.overdue)
        kind = reminder_kind(day, a.next_due, overdue_today)
        if kind is None:
            continue
        if kind == "overdue":
            overdue_rows.append(row)
        recipients = _focal_point_recipients(row.pathfinder.country_id)
        if not recipients:
            continue

        def compose(a=a, kind=kind, iso3=row.pathfinder.country_id) -> tuple[str, str]:
            link = notify.absolute_url(reverse("pathfinders:workspace", args=[iso3]))
            if kind == "overdue":
                subject = _("Alliance 8.7: your annual progress report is overdue")
                items = "; ".join(overdue_text(o) for o in a.overdue)
                body = _("These items are past their deadline: %(items)s.") % {"items": items}
            else:
                due = words.date_in_words(a.next_due)  # in words, in their language
                subject = _("Alliance 8.7: annual progress report due on %(due)s") % {"due": due}
                body = _(
                    "The annual progress report and the updated indicator framework are due on "
                    "%(due)s (%(days)s days from now)."
                ) % {"due": due, "days": kind}
            return subject, body + "\n\n" + _("Your workspace: %(link)s") % {"link": link}

        notify.send(recipients, compose)
        sent += 1
    if overdue_rows:
        _tell_secretariat_of_overdue(overdue_rows)
    return sent


def _tell_secretariat_of_overdue(rows) -> int:
    """One e-mail to each member of the Secretariat (who manages the reports, seed 003) with
    every country whose report fell overdue today, each with the link to its record."""
    from .messages import overdue_text

    def compose() -> tuple[str, str]:
        lines = [_("These pathfinder countries' reports are overdue:")]
        for row in rows:
            link = notify.absolute_url(
                reverse("pathfinders:workspace", args=[row.pathfinder.country_id])
            )
            items = "; ".join(overdue_text(o) for o in row.assessment.overdue)
            lines.append(f"- {row.pathfinder.country.name}{words.colon()} {items} {link}")
        return _("Alliance 8.7: overdue pathfinder reports"), "\n".join(lines)

    return notify.send(_secretariat_recipients(), compose)


#: What each audit event of this app means, as a sentence (``%(object)s``, ``%(who)s``).
#: ``pathfinders.<report|roadmap>.event`` rows are the state side of a document action that
#: has its own row (submitted, commented, finalised), so the digest leaves them out.
DIGEST_TEXT = {
    "pathfinders.pathfinder.created": gettext_lazy(
        "%(object)s: added to the pathfinder countries (by %(who)s)."
    ),
    "pathfinders.pathfinder.expression_of_interest": gettext_lazy(
        "%(object)s: expression of interest recorded (by %(who)s)."
    ),
    "pathfinders.pathfinder.status_granted": gettext_lazy(
        "%(object)s: pathfinder status granted (recorded by %(who)s)."
    ),
    "pathfinders.pathfinder.published": gettext_lazy(
        "%(object)s: country profile published (by %(who)s)."
    ),
    "created": gettext_lazy("%(object)s: draft opened (by %(who)s)."),
    "draft_saved": gettext_lazy("%(object)s: draft saved (by %(who)s)."),
    "submitted": gettext_lazy("%(object)s: submitted (by %(who)s)."),
    "commented": gettext_lazy("%(object)s: commented by the Working Group (%(who)s)."),
    "finalised": gettext_lazy("%(object)s: finalised and published (by %(who)s)."),
    "pathfinders.document.reviewer_assigned": gettext_lazy(
        "%(object)s: reviewer assigned (by %(who)s)."
    ),
    "pathfinders.indicators.updated": gettext_lazy(
        "%(object)s: indicator framework updated (by %(who)s)."
    ),
}
STEP_RECORDED = gettext_lazy("%(object)s: step recorded: %(step)s (by %(who)s).")
OTHER_CHANGE = gettext_lazy("%(object)s: other change (by %(who)s).")
_DOCUMENT_VERBS = ("created", "draft_saved", "submitted", "commented", "finalised")


def _digest_entries(since) -> list[AuditEntry]:
    return [
        e
        for e in AuditEntry.objects.filter(event__startswith="pathfinders.", created_at__gte=since)
        .select_related("content_type")
        .order_by("created_at", "id")
        if not (e.event.endswith(".event") and e.event.split(".")[1] in ("report", "roadmap"))
    ]


def _labels(entries: list[AuditEntry]):
    """Callables giving each entry's object in the active language (two queries at most)."""
    from alliance87.core.models import Country

    from .models import Document

    doc_ids = {
        int(e.object_id)
        for e in entries
        if e.content_type and e.content_type.model == "document" and e.object_id.isdigit()
    }
    docs = {
        d.pk: d
        for d in Document.objects.filter(pk__in=doc_ids).select_related("pathfinder__country")
    }
    iso3s = {
        e.object_id for e in entries if e.content_type and e.content_type.model == "pathfinder"
    }
    countries = {c.iso3: c for c in Country.objects.filter(iso3__in=iso3s)}

    def label(e: AuditEntry) -> str:
        model = e.content_type.model if e.content_type else ""
        if model == "pathfinder" and e.object_id in countries:
            return countries[e.object_id].name
        if model == "document" and e.object_id.isdigit() and int(e.object_id) in docs:
            d = docs[int(e.object_id)]
            if d.kind == Document.Kind.REPORT:
                return _("%(country)s, annual progress report %(year)s") % {
                    "country": d.pathfinder.country.name,
                    "year": d.year,
                }
            return _("%(country)s, roadmap") % {"country": d.pathfinder.country.name}
        return e.object_label

    return label


def digest_line(entry: AuditEntry, label: str) -> str:
    """One audit entry as a sentence in the active language, with any status/stage change."""
    from .models import EventType, Stage, Status

    params = {"object": label, "who": entry.actor_label or _("the platform")}
    verb = entry.event.rsplit(".", 1)[-1]
    template = DIGEST_TEXT.get(entry.event)
    if template is None and entry.event.split(".")[1] in ("report", "roadmap"):
        template = DIGEST_TEXT.get(verb) if verb in _DOCUMENT_VERBS else None
    if template is not None:
        text = str(template) % params
    elif entry.event.startswith("pathfinders.pathfinder.") and verb in EventType.values:
        text = str(STEP_RECORDED) % {**params, "step": EventType(verb).label}
    else:
        text = str(OTHER_CHANGE) % params
    changes = entry.changes or {}
    for field, choices, template in (
        ("status", Status, gettext_lazy("Status: %(old)s → %(new)s.")),
        ("stage", Stage, gettext_lazy("Stage: %(old)s → %(new)s.")),
    ):
        change = changes.get(field)
        if isinstance(change, list) and len(change) == 2 and change[1] in choices.values:
            old = choices(change[0]).label if change[0] in choices.values else "—"
            text += " " + str(template) % {"old": old, "new": choices(change[1]).label}
    return f"{words.date_in_words(entry.created_at)}{words.colon()} {text}"


def _secretariat_recipients() -> list[notify.Recipient]:
    """Every active member of the Secretariat, each with their preferred language."""
    return notify.recipients_of(
        a.user
        for a in RoleAssignment.objects.filter(
            role=Role.SECRETARIAT, user__is_active=True
        ).select_related("user")
    )


@task()
def send_weekly_digest(as_of: str | None = None) -> int:
    """E-mail each member of the Secretariat, in their preferred language, what changed in the
    last seven days (one sentence per change) and who is late or at risk. Returns the number
    of e-mails sent."""
    from .selectors import pathfinder_rows

    day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
    since = timezone.now() - dt.timedelta(days=7)
    recipients = _secretariat_recipients()
    if not recipients:
        return 0
    entries = _digest_entries(since)
    label = _labels(entries)
    rows = pathfinder_rows(as_of=day)
    late = [r for r in rows if r.assessment.overdue]
    risk = [r for r in rows if r.assessment.at_risk]

    def compose() -> tuple[str, str]:
        lines = [_("Changes in the last seven days:")]
        lines += [f"- {digest_line(e, label(e))}" for e in entries] or ["- " + _("No change.")]
        lines.append("")
        lines.append(
            _("Overdue:") + " " + (", ".join(r.pathfinder.country.name for r in late) or _("none"))
        )
        lines.append(
            _("At risk of inactivity:")
            + " "
            + (", ".join(r.pathfinder.country.name for r in risk) or _("none"))
        )
        return _("Alliance 8.7: weekly pathfinder digest"), "\n".join(lines)

    return notify.send(recipients, compose)


NOTIFY_TEXT = {
    "document_submitted": gettext_lazy("a roadmap or report was submitted"),
    "document_commented": gettext_lazy("the Working Group commented on a roadmap or report"),
}


def _what_text(what: str) -> str:
    from .models import EventType

    if what in NOTIFY_TEXT:
        return str(NOTIFY_TEXT[what])
    if what in EventType.values:
        return str(EventType(what).label)
    return what.replace("_", " ")


def _document_title(doc) -> str:
    from .models import Document

    if doc.kind == Document.Kind.REPORT:
        return _("%(country)s, annual progress report %(year)s") % {
            "country": doc.pathfinder.country.name,
            "year": doc.year,
        }
    return _("%(country)s, roadmap") % {"country": doc.pathfinder.country.name}


def _notify_document(what: str, document_id: int) -> int:
    """A submission goes to the document's reviewer (to the Secretariat, to assign one, while
    there is none); the Working Group's comments go to the country's focal points. Each
    message links to the document, in its recipient's language."""
    from django.contrib.auth import get_user_model

    from .models import Document

    doc = Document.objects.filter(pk=document_id).select_related("pathfinder__country").first()
    if doc is None:
        return 0
    assign = False
    if what == "document_commented":
        recipients = _focal_point_recipients(doc.pathfinder_id)
    elif doc.reviewer_id:
        recipients = notify.recipients_of(get_user_model().objects.filter(pk=doc.reviewer_id))
    else:
        recipients, assign = _secretariat_recipients(), True

    def compose() -> tuple[str, str]:
        title = _document_title(doc)
        link = notify.absolute_url(reverse("pathfinders:document", args=[doc.pk]))
        if what == "document_commented":
            subject = _("Alliance 8.7: the Working Group commented on %(title)s") % {"title": title}
            body = _(
                "The Working Group commented on %(title)s. Revise it and finalise it here: %(link)s"
            )
        elif assign:
            subject = _("Alliance 8.7: %(title)s was submitted; assign a reviewer") % {
                "title": title
            }
            body = _(
                "%(title)s was submitted and no Working Group reviewer is assigned to it yet. "
                "Assign one here: %(link)s"
            )
        else:
            subject = _("Alliance 8.7: %(title)s is waiting for your review") % {"title": title}
            body = _("%(title)s was submitted for your review. Read it and comment here: %(link)s")
        return subject, body % {"title": title, "link": link}

    return notify.send(recipients, compose)


@task()
def notify_change(what: str, ref: str) -> int:
    """E-mail the people a change concerns, each in their preferred language, with a link to
    act on it: a document's submission to its reviewer, its comments to the country (see
    :func:`_notify_document`); any other step to the country's focal points and the
    Secretariat, linking to the country's workspace. Returns the number of e-mails sent."""
    from alliance87.core.models import Country

    if what.startswith("document_"):
        return _notify_document(what, int(ref))
    iso3 = ref
    recipients = sorted(
        set(_focal_point_recipients(iso3)) | set(_secretariat_recipients()), key=lambda r: r.email
    )
    if not recipients:
        return 0
    country = Country.objects.filter(iso3=iso3).first()

    def compose() -> tuple[str, str]:
        name = country.name if country else iso3
        link = notify.absolute_url(reverse("pathfinders:workspace", args=[iso3]))
        return (
            _("Alliance 8.7: pathfinder update for %(country)s") % {"country": name},
            _("A new step was recorded: %(what)s. See the country's record: %(link)s")
            % {"what": _what_text(what), "link": link},
        )

    return notify.send(recipients, compose)


@task()
def notify_history_recorded(iso3: str, count: int) -> int:
    """One e-mail per person for a whole history recorded at once (an import, several past
    steps): the country's focal points and the Secretariat, in their language, with a link."""
    from alliance87.core.models import Country

    recipients = sorted(
        set(_focal_point_recipients(iso3)) | set(_secretariat_recipients()), key=lambda r: r.email
    )
    country = Country.objects.filter(iso3=iso3).first()

    def compose() -> tuple[str, str]:
        name = country.name if country else iso3
        link = notify.absolute_url(reverse("pathfinders:workspace", args=[iso3]))
        return (
            _("Alliance 8.7: pathfinder update for %(country)s") % {"country": name},
            _("Steps of the country's history recorded: %(count)d. See them here: %(link)s")
            % {"count": count, "link": link},
        )

    return notify.send(recipients, compose)
