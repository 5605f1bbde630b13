"""The partner directory's rules as pure functions over plain values (no ORM, no request).

- Partner status: applicant → active or withdrawn; active ↔ suspended; active/suspended →
  withdrawn (PRODUCT.md §1; issue 3: "status (applicant, active, suspended, withdrawn)").
- Application vetting (seed 004, session 4: admission must guard against organisations with
  no genuine purpose; seed 000: partners commit to promote international human rights and
  labour standards): submitted → more information requested → resubmitted → approved or
  rejected; a rejection needs a reason.
- A partner's people: its administrators manage them; a partner keeps at least one
  administrator unless the Secretariat removes the last one (issue 3: "A partner's own
  administrators edit its profile").
- Spreadsheet exports neutralise cells that a spreadsheet would read as a formula.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from django.utils.translation import gettext as _

from alliance87.core.cells import neutralise_cell as _neutralise_cell
from alliance87.core.cells import neutralise_row as _neutralise_row

# --- Partner status (issue 3) -------------------------------------------------------------

APPLICANT, ACTIVE, SUSPENDED, WITHDRAWN = "applicant", "active", "suspended", "withdrawn"

PARTNER_TRANSITIONS: dict[str, frozenset[str]] = {
    APPLICANT: frozenset({ACTIVE, WITHDRAWN}),
    ACTIVE: frozenset({SUSPENDED, WITHDRAWN}),
    SUSPENDED: frozenset({ACTIVE, WITHDRAWN}),
    WITHDRAWN: frozenset(),
}


def partner_transition_refusal(current: str, target: str) -> str | None:
    """Why a partner may not go from ``current`` to ``target`` status, or ``None`` if it may.

    An applicant that is refused never becomes a partner (its application is rejected), so
    the partner itself only goes on to active or withdrawn; withdrawal is final.
    """
    if current not in PARTNER_TRANSITIONS or target not in PARTNER_TRANSITIONS:
        return _("Unknown partner status.")
    if current == target:
        return _("The partner already has this status.")
    if target not in PARTNER_TRANSITIONS[current]:
        return _("A partner cannot go from this status to the one requested.")
    return None


def partner_is_public(status: str) -> bool:
    """Only active partners appear in the public directory and its exports."""
    return status == ACTIVE


# --- Application vetting (seed 004 session 4; seed 000 commitment) -----------------------

SUBMITTED = "submitted"
INFO_REQUESTED = "info_requested"
RESUBMITTED = "resubmitted"
APPROVED = "approved"
REJECTED = "rejected"

# Action → (allowed source states, target state).
VETTING_ACTIONS: dict[str, tuple[frozenset[str], str]] = {
    "request_info": (frozenset({SUBMITTED, RESUBMITTED}), INFO_REQUESTED),
    "resubmit": (frozenset({INFO_REQUESTED}), RESUBMITTED),
    "approve": (frozenset({SUBMITTED, RESUBMITTED}), APPROVED),
    "reject": (frozenset({SUBMITTED, INFO_REQUESTED, RESUBMITTED}), REJECTED),
}

OPEN_STATES = frozenset({SUBMITTED, INFO_REQUESTED, RESUBMITTED})


def vetting_target(action: str) -> str:
    """The state an application reaches through ``action``."""
    return VETTING_ACTIONS[action][1]


def vetting_refusal(current: str, action: str, *, reason: str = "") -> str | None:
    """Why ``action`` may not be taken on an application in state ``current``, or ``None``.

    A rejection and a request for more information must say why (the applicant is told).
    An application waiting for the applicant's answer cannot be approved until it comes back.
    """
    if action not in VETTING_ACTIONS:
        return _("Unknown vetting action.")
    sources, _target = VETTING_ACTIONS[action]
    if current not in sources:
        if current in (APPROVED, REJECTED):
            return _("This application has already been decided.")
        if action == "approve" and current == INFO_REQUESTED:
            return _("The applicant has not yet sent the information requested.")
        return _("This step is not possible at this stage of the application.")
    if action in ("reject", "request_info") and not reason.strip():
        return _("Give a reason; it is sent to the applicant.")
    return None


# --- Application completeness (issue 3, admission) ---------------------------------------

REQUIRED_APPLICATION_FIELDS = (
    "organisation_name",
    "category",
    "country",
    "contact_name",
    "contact_email",
    "statement",
)
MIN_STATEMENT_WORDS = 20


def application_problems(data: Mapping[str, object]) -> dict[str, str]:
    """``{field: message}`` for each thing missing from an application (empty when complete).

    The statement of work on Target 8.7 must say something (at least 20 words), and the
    commitment to international human rights and labour standards must be given explicitly
    (seed 000: "Los socios se comprometen a promover ... las normas internacionales del trabajo").
    """
    problems: dict[str, str] = {}
    for field in REQUIRED_APPLICATION_FIELDS:
        value = data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems[field] = _("This field is required.")
    statement = data.get("statement")
    if (
        "statement" not in problems
        and isinstance(statement, str)
        and len(statement.split()) < MIN_STATEMENT_WORDS
    ):
        problems["statement"] = _("Describe your work on Target 8.7 in at least %(n)d words.") % {
            "n": MIN_STATEMENT_WORDS
        }
    if data.get("commitment") is not True:
        problems["commitment"] = _(
            "Partners commit to promote international human rights and labour standards; "
            "tick the box to make this commitment."
        )
    return problems


# --- People of a partner (issue 3) ---------------------------------------------------------

PARTNER_MEMBER, PARTNER_ADMIN = "partner_member", "partner_admin"
PERSON_ACCESS_ROLES = (PARTNER_MEMBER, PARTNER_ADMIN)


def last_admin_refusal(admins_after: int, *, actor_is_secretariat: bool) -> str | None:
    """Why a change that leaves a partner with ``admins_after`` administrators is refused.

    A partner's own administrators edit its profile and manage its people (issue 3), so they
    may not leave their partner with none: only the Secretariat, which can always appoint a
    new one, may remove the last administrator.
    """
    if admins_after < 1 and not actor_is_secretariat:
        return _(
            "A partner keeps at least one administrator. Make someone else an administrator "
            "first, or ask the Secretariat."
        )
    return None


_PHONE = re.compile(r"^\+?[0-9 ()./-]+((ext\.?|x) ?[0-9]{1,6})?$", re.IGNORECASE)


def phone_problem(phone: str) -> str | None:
    """Why ``phone`` is not a telephone number we can store, or ``None``: digits with the
    usual separators, an optional leading "+" and extension, at least six digits."""
    if not _PHONE.match(phone.strip()) or sum(c.isdigit() for c in phone) < 6:
        return _("Give a telephone number, such as +51 1 555 0199.")
    return None


# --- Spreadsheet exports ---------------------------------------------------------------------

# One implementation for every app's exports (core.cells, pure functions); kept under these
# names because the directory's rules are stated here.
neutralise_cell = _neutralise_cell
neutralise_row = _neutralise_row


# --- Search text ---------------------------------------------------------------------------

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced text: "Organización  Internacional" →
    "organizacion internacional". Used for the search column and for queries alike, so a
    search behaves the same on SQLite and PostgreSQL."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", stripped.casefold()).split())


def search_terms(query: str, *, limit: int = 8) -> list[str]:
    """The distinct folded words of a query (at most ``limit``), in order."""
    seen: list[str] = []
    for word in fold(query).split():
        if word not in seen:
            seen.append(word)
    return seen[:limit]
