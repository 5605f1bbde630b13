"""The user's words for the refusal codes that ``rules.py`` returns (registered with
:mod:`alliance87.core.refusals` when the app starts: see ``apps.py``). The English text is
the gettext msgid, so there is no second English copy."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from alliance87.core import refusals
from alliance87.core.transitions import Refusal

from . import rules

TEXTS = {
    rules.UNKNOWN_STATUS: _("Unknown partner status."),
    rules.SAME_STATUS: _("The partner already has this status."),
    f"{rules.PARTNER_STATUS.name}.not_allowed_from": _(
        "A partner cannot go from this status to the one requested."
    ),
    rules.UNKNOWN_VETTING_ACTION: _("Unknown vetting action."),
    rules.ALREADY_DECIDED: _("This application has already been decided."),
    rules.AWAITING_APPLICANT: _("The applicant has not yet sent the information requested."),
    f"{rules.VETTING.name}.not_allowed_from": _(
        "This step is not possible at this stage of the application."
    ),
    rules.REASON_REQUIRED: _("Give a reason; it is sent to the applicant."),
    rules.FIELD_REQUIRED: _("This field is required."),
    rules.STATEMENT_TOO_SHORT: _("Describe your work on Target 8.7 in at least %(n)d words."),
    rules.COMMITMENT_MISSING: _(
        "Partners commit to promote international human rights and labour standards; "
        "tick the box to make this commitment."
    ),
    rules.LAST_ADMIN: _(
        "A partner keeps at least one administrator. Make someone else an administrator "
        "first, or ask the Secretariat."
    ),
    rules.PHONE_INVALID: _("Give a telephone number, such as +51 1 555 0199."),
}

refusals.register(TEXTS)

#: Steps the people services refuse on the record itself.
refusals.register(
    {
        "partners.no_access_to_remove": _("This person has no access to remove."),
        "partners.person_named_elsewhere": _(
            "This person is still named elsewhere on the platform, for example as a member of "
            "a group; remove them there first. You can remove their access now."
        ),
    }
)


def problem_texts(problems: Mapping[str, Refusal]) -> dict[str, str]:
    """``{field: refusal}`` (``rules.application_problems``) as ``{field: words}``, for a
    ``ValidationError``."""
    return {field: refusals.refusal_text(r) for field, r in problems.items()}
