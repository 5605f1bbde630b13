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
from collections.abc import Iterable, Mapping

from alliance87.core.cells import neutralise_cell as _neutralise_cell
from alliance87.core.cells import neutralise_row as _neutralise_row
from alliance87.core.transitions import Refusal, TransitionTable, refusal

# The refusal codes these rules return; ``messages.py`` gives each its words.
UNKNOWN_STATUS = "partners.partner.unknown_status"  # params: status
SAME_STATUS = "partners.partner.same_status"  # params: status
UNKNOWN_VETTING_ACTION = "partners.application.unknown_action"  # params: action
ALREADY_DECIDED = "partners.application.already_decided"  # params: action, state
AWAITING_APPLICANT = "partners.application.awaiting_applicant"  # params: action, state
REASON_REQUIRED = "partners.application.reason_required"  # params: action
FIELD_REQUIRED = "partners.application.field_required"  # params: field
STATEMENT_TOO_SHORT = "partners.application.statement_too_short"  # params: n
COMMITMENT_MISSING = "partners.application.commitment_missing"
LAST_ADMIN = "partners.person.last_admin"
PHONE_INVALID = "partners.person.phone_invalid"

# --- Partner status (issue 3) -------------------------------------------------------------

APPLICANT, ACTIVE, SUSPENDED, WITHDRAWN = "applicant", "active", "suspended", "withdrawn"
PARTNER_STATUSES = (APPLICANT, ACTIVE, SUSPENDED, WITHDRAWN)

#: The Secretariat's steps on a partner's status. An applicant that is refused never becomes
#: a partner (its application is rejected), so the partner itself only goes on to active or
#: withdrawn; withdrawal is final (no step leaves it).
PARTNER_STATUS = TransitionTable(
    "partners.partner_status",
    {
        "activate": ({APPLICANT, SUSPENDED}, ACTIVE),
        "suspend": ({ACTIVE}, SUSPENDED),
        "withdraw": ({APPLICANT, ACTIVE, SUSPENDED}, WITHDRAWN),
    },
)
#: The step that leads to each status (a service is asked for a status, not a step).
STATUS_ACTION = {t.target: action for action, t in PARTNER_STATUS.transitions.items()}

#: Status → the statuses it may go on to (derived from the table).
PARTNER_TRANSITIONS: dict[str, frozenset[str]] = {
    status: frozenset(
        str(PARTNER_STATUS.target(a, status)) for a in PARTNER_STATUS.actions_from(status)
    )
    for status in PARTNER_STATUSES
}


def partner_transition_refusal(current: str, target: str) -> Refusal | None:
    """Why a partner may not go from ``current`` to ``target`` status, or ``None`` if it may."""
    if current not in PARTNER_STATUSES or target not in PARTNER_STATUSES:
        return refusal(UNKNOWN_STATUS, status=target if current in PARTNER_STATUSES else current)
    if current == target:
        return refusal(SAME_STATUS, status=current)
    if target not in STATUS_ACTION:  # nothing leads back to "applicant"
        return refusal(
            f"{PARTNER_STATUS.name}.not_allowed_from", action=target, state=current, allowed=()
        )
    return PARTNER_STATUS.refusal(STATUS_ACTION[target], current)


def partner_is_public(status: str) -> bool:
    """Only active partners appear in the public directory and its exports."""
    return status == ACTIVE


# --- Application vetting (seed 004 session 4; seed 000 commitment) -----------------------

SUBMITTED = "submitted"
INFO_REQUESTED = "info_requested"
RESUBMITTED = "resubmitted"
APPROVED = "approved"
REJECTED = "rejected"
APPLICATION_STATES = (SUBMITTED, INFO_REQUESTED, RESUBMITTED, APPROVED, REJECTED)
OPEN_STATES = frozenset({SUBMITTED, INFO_REQUESTED, RESUBMITTED})
DECIDED_STATES = frozenset({APPROVED, REJECTED})

#: Action → (allowed source states, target state): submitted → info_requested → resubmitted
#: → approved or rejected.
VETTING = TransitionTable(
    "partners.application",
    {
        "request_info": ({SUBMITTED, RESUBMITTED}, INFO_REQUESTED),
        "resubmit": ({INFO_REQUESTED}, RESUBMITTED),
        "approve": ({SUBMITTED, RESUBMITTED}, APPROVED),
        "reject": ({SUBMITTED, INFO_REQUESTED, RESUBMITTED}, REJECTED),
    },
)
VETTING_ACTIONS = VETTING  # the name the model's docstring and older code use
#: The steps the applicant is told the reason of (a rejection, a request for information).
ACTIONS_WITH_REASON = frozenset({"reject", "request_info"})


def vetting_target(action: str) -> str:
    """The state an application reaches through ``action``."""
    return str(VETTING[action].target)


def vetting_state_refusal(current: str, action: str) -> Refusal | None:
    """Why ``action`` may not be taken on an application in state ``current``, or ``None``.
    An application waiting for the applicant's answer cannot be approved until it comes back."""
    if action not in VETTING:
        return refusal(UNKNOWN_VETTING_ACTION, action=action)
    if VETTING.allowed(action, current):
        return None
    if current in DECIDED_STATES:
        return refusal(ALREADY_DECIDED, action=action, state=current)
    if action == "approve" and current == INFO_REQUESTED:
        return refusal(AWAITING_APPLICANT, action=action, state=current)
    return VETTING.refusal(action, current)


def reason_refusal(action: str, reason: str) -> Refusal | None:
    """A rejection and a request for more information must say why (the applicant is told)."""
    if action in ACTIONS_WITH_REASON and not (reason or "").strip():
        return refusal(REASON_REQUIRED, action=action)
    return None


def vetting_refusal(current: str, action: str, *, reason: str = "") -> Refusal | None:
    """The state's refusal, else the reason's (see the two functions above)."""
    return vetting_state_refusal(current, action) or reason_refusal(action, reason)


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


def application_problems(data: Mapping[str, object]) -> dict[str, Refusal]:
    """``{field: refusal}`` for each thing missing from an application (empty when complete).

    The statement of work on Target 8.7 must say something (at least 20 words), and the
    commitment to international human rights and labour standards must be given explicitly
    (seed 000: "Los socios se comprometen a promover ... las normas internacionales del trabajo").
    """
    problems: dict[str, Refusal] = {}
    for field in REQUIRED_APPLICATION_FIELDS:
        value = data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems[field] = refusal(FIELD_REQUIRED, field=field)
    statement = data.get("statement")
    if (
        "statement" not in problems
        and isinstance(statement, str)
        and len(statement.split()) < MIN_STATEMENT_WORDS
    ):
        problems["statement"] = refusal(STATEMENT_TOO_SHORT, n=MIN_STATEMENT_WORDS)
    if data.get("commitment") is not True:
        problems["commitment"] = refusal(COMMITMENT_MISSING)
    return problems


# --- People of a partner (issue 3) ---------------------------------------------------------

PARTNER_MEMBER, PARTNER_ADMIN = "partner_member", "partner_admin"
PERSON_ACCESS_ROLES = (PARTNER_MEMBER, PARTNER_ADMIN)


def last_admin_refusal(admins_after: int, *, actor_is_secretariat: bool) -> Refusal | None:
    """Why a change that leaves a partner with ``admins_after`` administrators is refused.

    A partner's own administrators edit its profile and manage its people (issue 3), so they
    may not leave their partner with none: only the Secretariat, which can always appoint a
    new one, may remove the last administrator.
    """
    if admins_after < 1 and not actor_is_secretariat:
        return refusal(LAST_ADMIN)
    return None


_PHONE = re.compile(r"^\+?[0-9 ()./-]+((ext\.?|x) ?[0-9]{1,6})?$", re.IGNORECASE)


def phone_problem(phone: str) -> Refusal | None:
    """Why ``phone`` is not a telephone number we can store, or ``None``: digits with the
    usual separators, an optional leading "+" and extension, at least six digits."""
    if not _PHONE.match(phone.strip()) or sum(c.isdigit() for c in phone) < 6:
        return refusal(PHONE_INVALID)
    return None


#: Every code the rules above can return (tests check each has words in every language).
REFUSAL_CODES = (
    UNKNOWN_STATUS,
    SAME_STATUS,
    f"{PARTNER_STATUS.name}.not_allowed_from",
    UNKNOWN_VETTING_ACTION,
    ALREADY_DECIDED,
    AWAITING_APPLICANT,
    f"{VETTING.name}.not_allowed_from",
    REASON_REQUIRED,
    FIELD_REQUIRED,
    STATEMENT_TOO_SHORT,
    COMMITMENT_MISSING,
    LAST_ADMIN,
    PHONE_INVALID,
)


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


# --- The same organisation -------------------------------------------------------------------


def organisation_keys(
    names: Iterable[str], acronyms: Iterable[str] | str = (), website: str = ""
) -> set[str]:
    """What identifies an organisation whatever its spelling: each name folded, each acronym
    folded (two letters or more; an application gives one, a partner one per language) and
    the website's host without ``www.``."""
    keys = {f"name:{fold(n)}" for n in names if fold(n)}
    for acronym in [acronyms] if isinstance(acronyms, str) else acronyms:
        if len(fold(acronym)) >= 2:
            keys.add(f"acronym:{fold(acronym)}")
    host = website.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].lower()
    host = host.removeprefix("www.")
    if "." in host:
        keys.add(f"host:{host}")
    return keys


def same_organisation(a: set[str], b: set[str]) -> bool:
    """Whether two sets of :func:`organisation_keys` name the same organisation (an
    application in the name of an existing partner is flagged to the Secretariat)."""
    return bool(a & b)
