"""The user's words for the codes that ``rules.py`` returns.

``rules.py`` stays pure (no Django): it answers with codes and plain parameters
(:class:`rules.Refusal`, :class:`rules.NextStep`, condition and criterion codes). This module
turns them into translated text where they reach a person: services (the message of a
refused step), pages, the API and the command's text output. JSON outputs keep the codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from alliance87.core import refusals, words

from . import rules

#: The words of each event of a country's history (``models.EventType`` labels).
STATUS_TEXT = {
    rules.Status.CANDIDATE: gettext_lazy("Candidate"),
    rules.Status.ACTIVE: gettext_lazy("Active"),
    rules.Status.INACTIVE: gettext_lazy("Inactive"),
}

STAGE_TEXT = {
    rules.Stage.EXPRESSION_OF_INTEREST: gettext_lazy("Expression of interest"),
    rules.Stage.PLANNING: gettext_lazy("Planning"),
    rules.Stage.IMPLEMENTATION: gettext_lazy("Implementation"),
    rules.Stage.MONITORING_REPORTING: gettext_lazy("Monitoring and reporting"),
    rules.Stage.REVIEW: gettext_lazy("Review"),
}

EVENT_TYPE_TEXT = {
    rules.EventType.EXPRESSION_OF_INTEREST: gettext_lazy("Expression of interest"),
    rules.EventType.GCG_INFORMED: gettext_lazy("GCG informed"),
    rules.EventType.SECRETARIAT_REPLY: gettext_lazy("Secretariat's reply"),
    rules.EventType.TIMELINE_SUBMITTED: gettext_lazy("Timeline submitted"),
    rules.EventType.STAKEHOLDERS_MAPPED: gettext_lazy("Stakeholders mapped"),
    rules.EventType.COORDINATION_BODY: gettext_lazy("Coordination body"),
    rules.EventType.STOCKTAKING: gettext_lazy("Stocktaking"),
    rules.EventType.WORKSHOP_HELD: gettext_lazy("Strategic planning workshop"),
    rules.EventType.ROADMAP_SUBMITTED: gettext_lazy("Roadmap submitted"),
    rules.EventType.PRESENTED_TO_GCG: gettext_lazy("Presented to the GCG"),
    rules.EventType.GCG_COMMENTS: gettext_lazy("GCG comments"),
    rules.EventType.CANDIDATE_RESPONSE: gettext_lazy("Response to the GCG"),
    rules.EventType.STATUS_GRANTED: gettext_lazy("Pathfinder status granted"),
    rules.EventType.PROFILE_PUBLISHED: gettext_lazy("Profile published"),
    rules.EventType.ROADMAP_UPDATED: gettext_lazy("Roadmap updated"),
    rules.EventType.REPORT_SUBMITTED: gettext_lazy("Annual report submitted"),
    rules.EventType.INDICATOR_FRAMEWORK_UPDATED: gettext_lazy("Indicator framework updated"),
    rules.EventType.EVIDENCE_OF_PROGRESS: gettext_lazy("Evidence of progress"),
    rules.EventType.EVIDENCE_OF_COLLABORATION: gettext_lazy("Evidence of collaboration"),
    rules.EventType.REPORT_COMMENTED: gettext_lazy("Working Group comments"),
    rules.EventType.REPORT_REVISED: gettext_lazy("Report revised"),
    rules.EventType.REPORT_FINALISED: gettext_lazy("Report finalised"),
    rules.EventType.REVIEW_CONCLUDED: gettext_lazy("Annual review concluded"),
    rules.EventType.DIALOGUE_OPENED: gettext_lazy("Dialogue opened"),
    rules.EventType.SUPPORT_SUBGROUP: gettext_lazy("Support sub-group created"),
    rules.EventType.DIALOGUE_CLOSED: gettext_lazy("Dialogue closed"),
    rules.EventType.DECLARED_INACTIVE: gettext_lazy("Declared inactive"),
    rules.EventType.RECOVERY_REQUESTED: gettext_lazy("Recovery requested"),
    rules.EventType.REINSTATED: gettext_lazy("Reinstated as active"),
}

#: The words of a document's states (``models.Document.State`` labels).
DOCUMENT_STATE_TEXT = {
    rules.DocumentState.DRAFT: gettext_lazy("Draft"),
    rules.DocumentState.SUBMITTED: pgettext_lazy("document status", "Submitted"),
    rules.DocumentState.COMMENTED: gettext_lazy("Commented by the Working Group"),
    rules.DocumentState.REVISED: gettext_lazy("Revised"),
    rules.DocumentState.FINALISED: gettext_lazy("Finalised"),
}

#: What a condition code asks for, as a phrase that completes "still missing: ...".
CONDITION_TEXT = {
    # Presentation to the GCG and grant (seed 003, "Etapa de expresión de interés",
    # "Etapa de planificación").
    "expression_of_interest_by_minister": gettext_lazy(
        "an expression of interest sent by a government minister"
    ),
    "expression_addressed_to_director_general_or_chair": gettext_lazy(
        "an expression of interest addressed to the ILO Director-General or the Alliance chair"
    ),
    "focal_point_named": gettext_lazy("a named national focal point"),
    "timeline_submitted": gettext_lazy("the timeline of consultations and roadmap"),
    "coordination_body": gettext_lazy("at least one national coordination body"),
    "strategic_planning_workshop": gettext_lazy("at least one strategic planning workshop"),
    "roadmap_submitted": gettext_lazy("the roadmap (or the national action plan)"),
    "roadmap_priority_areas": gettext_lazy("the roadmap's priority areas"),
    "roadmap_measures": gettext_lazy("the roadmap's measures"),
    "roadmap_next_steps": gettext_lazy("the immediate next steps for the current year"),
    "roadmap_technical_support": gettext_lazy("the areas where technical support is needed"),
    "roadmap_timeline": gettext_lazy("the roadmap's preliminary timeline"),
    "presented_to_gcg": gettext_lazy("the presentation of the roadmap to the GCG"),
    "response_to_gcg_comments": gettext_lazy("a response to the GCG's comments"),
    # Asked "where possible" (advisories).
    "roadmap_baselines_indicators": gettext_lazy("baselines and indicators"),
    "roadmap_budget": gettext_lazy("a budget"),
    "stakeholders_mapped": gettext_lazy("the stakeholder map"),
    "stocktaking": gettext_lazy("the stocktaking"),
    # Recovery of active status ("Proceso de recuperación", I-IV and Recuadro 1).
    "annual_report": gettext_lazy("the annual progress report"),
    "indicator_framework": gettext_lazy("the submitted or updated indicator framework"),
    "evidence_of_progress": gettext_lazy("evidence of progress on the roadmap"),
    "evidence_of_collaboration": gettext_lazy("evidence of collaborative efforts"),
    "letter_to_alliance_chair": gettext_lazy("a letter to the Alliance chair"),
}

#: The steps that change a country's status or stage (rules.Action), as the subject of a
#: sentence ("Granting pathfinder status is not possible ...").
ACTION_TEXT = {
    rules.Action.EXPRESS_INTEREST: gettext_lazy("Recording the expression of interest"),
    rules.Action.START_PLANNING: gettext_lazy("Starting the planning stage"),
    rules.Action.PRESENT_TO_GCG: gettext_lazy("Presenting the roadmap to the GCG"),
    rules.Action.GRANT_STATUS: gettext_lazy("Granting pathfinder status"),
    rules.Action.SUBMIT_REPORT: gettext_lazy("Submitting the annual progress report"),
    rules.Action.FINALISE_REPORT: gettext_lazy("Finalising the annual progress report"),
    rules.Action.CONCLUDE_REVIEW: gettext_lazy("Concluding the annual review"),
    rules.Action.UPDATE_ROADMAP: gettext_lazy("Updating the roadmap"),
    rules.Action.OPEN_DIALOGUE: gettext_lazy("Opening a dialogue on insufficient progress"),
    rules.Action.DECLARE_INACTIVE: gettext_lazy("Declaring the country inactive"),
    rules.Action.REQUEST_RECOVERY: gettext_lazy("Requesting recovery of active status"),
    rules.Action.REINSTATE: gettext_lazy("Reinstating the country as active"),
}

STEP_TEXT = {
    "record_expression_of_interest": gettext_lazy(
        "Record the expression of interest with its date (this country was loaded from the "
        "seeds without dated history)"
    ),
    "send_expression_of_interest": gettext_lazy(
        "Send the minister's expression of interest, naming a focal point"
    ),
    "expression_of_interest_by_minister": gettext_lazy(
        "Send the minister's expression of interest"
    ),
    "expression_addressed_to_director_general_or_chair": gettext_lazy(
        "Address the expression of interest to the ILO Director-General or the Alliance chair"
    ),
    "focal_point_named": gettext_lazy("Name the national focal point"),
    "timeline_submitted": gettext_lazy(
        "Send the timeline of consultations and roadmap to the Secretariat"
    ),
    "coordination_body": gettext_lazy("Record at least one national coordination body"),
    "strategic_planning_workshop": gettext_lazy("Hold at least one strategic planning workshop"),
    "roadmap_submitted": gettext_lazy("Submit the roadmap (or the national action plan)"),
    "roadmap_priority_areas": gettext_lazy("State the roadmap's priority areas"),
    "roadmap_measures": gettext_lazy("State the roadmap's measures"),
    "roadmap_next_steps": gettext_lazy("State the immediate next steps for the current year"),
    "roadmap_technical_support": gettext_lazy("State where technical support is needed"),
    "roadmap_timeline": gettext_lazy("Give the roadmap's preliminary timeline"),
    "presented_to_gcg": gettext_lazy("Present the roadmap to the GCG"),
    "response_to_gcg_comments": gettext_lazy("Respond to the GCG's comments"),
    "await_gcg_decision": gettext_lazy("Await the GCG's decision on pathfinder status"),
    "submit_report": gettext_lazy("Submit the annual progress report for %(year)s"),
    "submit_indicator_framework": gettext_lazy(
        "Submit or update the indicator framework for %(year)s"
    ),
    "finalise_report": gettext_lazy(
        "Respond to the Working Group's comments and finalise the %(year)s report"
    ),
    "add_evidence_of_progress": gettext_lazy(
        "Add evidence of progress on the roadmap for %(year)s"
    ),
    "add_evidence_of_collaboration": gettext_lazy(
        "Add evidence of collaborative efforts for %(year)s"
    ),
    "prepare_report": gettext_lazy(
        "Prepare the annual progress report and indicator framework due %(due)s"
    ),
    "dialogue": gettext_lazy("Engage in dialogue with the GCG on insufficient progress"),
    "annual_report": gettext_lazy("Recovery: submit the annual progress report"),
    "indicator_framework": gettext_lazy("Recovery: submit or update the indicator framework"),
    "evidence_of_progress": gettext_lazy("Recovery: give evidence of progress on the roadmap"),
    "evidence_of_collaboration": gettext_lazy("Recovery: give evidence of collaborative efforts"),
    "letter_to_alliance_chair": gettext_lazy(
        "Recovery: write to the Alliance chair, reporting any roadmap changes"
    ),
    "await_reinstatement": gettext_lazy("Await reinstatement by the GCG"),
}

CRITERION_TEXT = {
    rules.Criterion.NO_PROGRESS_REPORT: gettext_lazy("No progress report"),
    rules.Criterion.REPORT_NOT_FINALISED: gettext_lazy(
        "No response to the Working Group's comments"
    ),
    rules.Criterion.INDICATOR_FRAMEWORK_NOT_UPDATED: gettext_lazy(
        "Indicator framework not submitted or updated"
    ),
    rules.Criterion.NO_EVIDENCE_OF_PROGRESS: gettext_lazy("No evidence of progress on the roadmap"),
    rules.Criterion.NO_EVIDENCE_OF_COLLABORATION: gettext_lazy(
        "No evidence of collaborative efforts"
    ),
}

ITEM_TEXT = {
    "report": gettext_lazy("Annual progress report"),
    "indicator_framework": gettext_lazy("Indicator framework"),
}


def condition_text(code: str) -> str:
    """A condition code as a readable phrase in the active language (the code if unknown)."""
    text = CONDITION_TEXT.get(code)
    return str(text) if text is not None else code


def conditions_text(codes: Iterable[str]) -> str:
    """Several condition codes as one readable list ("a; b; c")."""
    return "; ".join(condition_text(c) for c in codes)


def state_text(status: str | None, stage: str | None) -> str:
    """A (status, stage) pair as the user reads it: "Candidate (Planning)"."""
    if not status or status == rules.NO_RECORD:
        return _("not yet on record as a candidate")
    label = STATUS_TEXT.get(status, status)
    if not stage:
        return str(label)
    stage_label = STAGE_TEXT.get(stage, stage)
    return _("%(status)s (%(stage)s)") % {"status": label, "stage": stage_label}


_STAGE_ORDER = [s.value for s in rules.Stage]

#: The stages each status can be at (the model's check constraints).
_STAGES_OF = {
    rules.Status.CANDIDATE.value: (
        rules.Stage.EXPRESSION_OF_INTEREST.value,
        rules.Stage.PLANNING.value,
    ),
    rules.Status.ACTIVE.value: tuple(s.value for s in rules.Stage)[1:],
    rules.Status.INACTIVE.value: tuple(s.value for s in rules.Stage)[1:],
}


def allowed_states_text(states: Iterable[tuple[str | None, str | None]]) -> str:
    """The states a step is allowed from, grouped by status: "Active", "Candidate (Planning)"."""
    by_status: dict[str, list[str]] = {}
    for status, stage in states:
        by_status.setdefault(status or rules.NO_RECORD, []).append(stage or "")
    parts = []
    order = [rules.NO_RECORD, *(s.value for s in rules.Status)]
    for status in sorted(by_status, key=lambda s: order.index(s) if s in order else len(order)):
        stages = by_status[status]
        if status == rules.NO_RECORD or set(_STAGES_OF.get(status, ())) <= set(stages):
            parts.append(state_text(status, None))
            continue
        ranked = sorted(stages, key=lambda g: _STAGE_ORDER.index(g) if g in _STAGE_ORDER else 99)
        labels = ", ".join(str(STAGE_TEXT.get(g, g)) for g in ranked)
        parts.append(
            _("%(status)s (%(stage)s)") % {"status": state_text(status, None), "stage": labels}
        )
    return "; ".join(parts)


def _action_text(code: str) -> str:
    try:
        return str(ACTION_TEXT[rules.Action(code)])
    except (KeyError, ValueError):
        return code


def _not_allowed_from(p: Mapping[str, Any]) -> str:
    status, stage = p.get("state") or (None, None)
    return _(
        "%(action)s is not possible in the country's current situation (%(state)s); "
        "it is possible only from: %(allowed)s."
    ) % {
        "action": _action_text(p.get("action", "")),
        "state": state_text(status, stage),
        "allowed": allowed_states_text(p.get("allowed", ())),
    }


def _conditions_not_met(p: Mapping[str, Any]) -> str:
    missing = conditions_text(p.get("missing", ()))
    if p.get("action") == rules.Action.PRESENT_TO_GCG:
        return _("The roadmap cannot be presented to the GCG yet. Still missing: %(missing)s.") % {
            "missing": missing
        }
    return _("Pathfinder status cannot be granted yet. Still missing: %(missing)s.") % {
        "missing": missing
    }


def _recovery_incomplete(p: Mapping[str, Any]) -> str:
    return _(
        "The country cannot be reinstated yet: the recovery request is incomplete. "
        "Still missing: %(missing)s."
    ) % {"missing": conditions_text(p.get("missing", ()))}


_DOCUMENT_NOT_ALLOWED = {
    rules.DocumentAction.SAVE_DRAFT: gettext_lazy(
        "This version is with the reviewers; wait for their comments to revise it."
    ),
    rules.DocumentAction.SUBMIT: gettext_lazy(
        "Only a draft or a commented document can be submitted."
    ),
    rules.DocumentAction.RESUBMIT: gettext_lazy(
        "Only a draft or a commented document can be submitted."
    ),
    rules.DocumentAction.COMMENT: gettext_lazy("Only a submitted version can be commented."),
    rules.DocumentAction.FINALISE: gettext_lazy(
        "A document is finalised by the country after the Working Group's comments, "
        "not straight after its submission."
    ),
}


def _document_not_allowed_from(p: Mapping[str, Any]) -> str:
    return str(_DOCUMENT_NOT_ALLOWED[rules.DocumentAction(p["action"])])


def _decision_action(p: Mapping[str, Any]) -> str:
    if p.get("action") == rules.Action.DECLARE_INACTIVE:
        return _("A country is declared inactive only by a decision of the GCG.")
    return _("Pathfinder status is granted only by a decision of the GCG.")


def _decision_text(template) -> Any:
    def words(p: Mapping[str, Any]) -> str:
        return f"{_decision_action(p)} " + str(template) % {"reference": p.get("reference", "")}

    return words


#: The GCG's authority (rules.authority): the second sentence says what is wrong.
AUTHORITY_REFUSALS = {
    rules.DECISION_NEEDED: _decision_text(
        gettext_lazy("Give the reference of the GCG's adopted decision.")
    ),
    rules.DECISION_NOT_ON_RECORD: _decision_text(
        gettext_lazy(
            "There is no GCG decision %(reference)s on record: record the meeting and its "
            "decision first."
        )
    ),
    rules.DECISION_NOT_ADOPTED: _decision_text(
        gettext_lazy("Decision %(reference)s was not adopted: a member present objected.")
    ),
    rules.DECISION_WITHOUT_QUORUM: _decision_text(
        gettext_lazy("Decision %(reference)s was not taken with quorum.")
    ),
    rules.DECISION_ABOUT_SOMETHING_ELSE: _decision_text(
        gettext_lazy("Decision %(reference)s is about another step or another country.")
    ),
}
refusals.register(AUTHORITY_REFUSALS)


#: The words of every refusal code rules.py returns (rules.REFUSAL_CODES and the document
#: table's), registered with core.refusals when the app starts (apps.py).
REFUSALS = {
    rules.NOT_ALLOWED_FROM: _not_allowed_from,
    rules.CONDITIONS_NOT_MET: _conditions_not_met,
    rules.NO_INSUFFICIENT_PROGRESS: gettext_lazy(
        "The country cannot be declared inactive: no criterion of insufficient progress "
        "holds for two consecutive years."
    ),
    rules.DIALOGUE_NOT_FAILED: gettext_lazy(
        "The country cannot be declared inactive: the GCG's dialogue with the country has "
        "not been closed without a positive result."
    ),
    rules.RECOVERY_INCOMPLETE: _recovery_incomplete,
    rules.DOCUMENT_NOT_ALLOWED_FROM: _document_not_allowed_from,
}
refusals.register(REFUSALS)

#: Steps the services refuse on the country's record itself.
refusals.register(
    {
        "pathfinder.history_needed": gettext_lazy(
            "Record the expression of interest (with its date) before other steps."
        ),
        "pathfinder.interest_already_recorded": gettext_lazy(
            "This country's expression of interest is already recorded."
        ),
        "pathfinder.publish_before_grant": gettext_lazy(
            "The country profile is published once the GCG has granted pathfinder status."
        ),
        "pathfinder.reports_only_when_active": gettext_lazy(
            "Only an active pathfinder submits annual reports."
        ),
    }
)

#: Why a history document cannot be read (rules.HistoryError; docs/pathfinder-history-format.md).
HISTORY_REFUSALS = {
    "pathfinder_history.not_a_date": gettext_lazy("“%(value)s” is not a date (YYYY-MM-DD)."),
    "pathfinder_history.expected_object": gettext_lazy("An object ({...}) is expected here."),
    "pathfinder_history.unknown_keys": gettext_lazy("Unknown keys: %(keys)s."),
    "pathfinder_history.unknown_event_type": gettext_lazy("“%(type)s” is not a type of event."),
    "pathfinder_history.year_needed": gettext_lazy("This event needs its reporting year."),
    "pathfinder_history.year_out_of_range": gettext_lazy("The year is out of range."),
    "pathfinder_history.year_not_taken": gettext_lazy("Only reporting events take a year."),
    "pathfinder_history.evidence_kind_needed": gettext_lazy(
        "Evidence of progress needs its kind: %(kinds)s."
    ),
    "pathfinder_history.expected_list_of_text": gettext_lazy("A list of texts is expected here."),
    "pathfinder_history.expected_text": gettext_lazy("A text is expected here."),
    "pathfinder_history.text_too_long": gettext_lazy("At most %(limit)d characters."),
    "pathfinder_history.unsupported_format": gettext_lazy(
        "Format %(format)s is not supported: the format is 1."
    ),
    "pathfinder_history.expected_iso3": gettext_lazy(
        "A country's ISO 3166-1 alpha-3 code is expected here (such as PER)."
    ),
    "pathfinder_history.expected_list": gettext_lazy("A list ([...]) is expected here."),
}
refusals.register(HISTORY_REFUSALS)


def history_error_text(err: rules.HistoryError) -> str:
    """A history document's fault in the reader's language, naming where it is."""
    return _("%(field)s: %(reason)s") % {
        "field": err.field,
        "reason": refusals.refusal_text(err.refusal),
    }


#: The refusal in the active language (core.refusals, with the words registered above).
refusal_text = refusals.refusal_text


def later_record_invalid_text(refusal: rules.Refusal) -> str:
    """A backdated step that would make a later record invalid."""
    return _("This would make a later record invalid: %(reason)s") % {
        "reason": refusal_text(refusal)
    }


def step_label(step: rules.NextStep) -> str:
    """The translated text of a next step (the same codes as rules.py)."""
    template = STEP_TEXT[step.code]
    return str(template) % words.params_in_words(step.params) if step.params else str(template)


def criterion_label(criterion: rules.Criterion) -> str:
    """A criterion of insufficient progress, translated."""
    return str(CRITERION_TEXT[criterion])


def criterion_with_years(finding: rules.CriterionFinding) -> str:
    """ "No progress report (2020 and 2021)", translated."""
    return _("%(criterion)s (%(y1)s and %(y2)s)") % {
        "criterion": CRITERION_TEXT[finding.criterion],
        "y1": finding.years[0],
        "y2": finding.years[1],
    }


def overdue_text(item: rules.OverdueItem) -> str:
    """ "Annual progress report 2021 (due 30 April 2021)", translated."""
    return _("%(item)s %(year)s (due %(due)s)") % {
        "item": ITEM_TEXT[item.item],
        "year": item.year,
        "due": words.date_in_words(item.due),
    }


def criterion_dict(finding: rules.CriterionFinding) -> dict[str, Any]:
    """The finding with its code, and its text in the active language."""
    return {**finding.to_dict(), "text": criterion_label(finding.criterion)}


def step_dict(step: rules.NextStep) -> dict[str, Any]:
    """The next step with its code and parameters, and its text in the active language."""
    return {**step.to_dict(), "text": step_label(step)}


def assessment_dict(a: rules.Assessment) -> dict[str, Any]:
    """``Assessment.to_dict`` (codes kept) with the words in the active language: the one
    builder of the API's ``/assessment`` and of ``alliance87 pathfinders assess --json``."""
    out = a.to_dict()
    out["criteria"] = [criterion_dict(c) for c in a.criteria]
    out["next_steps"] = [step_dict(s) for s in a.next_steps]
    out["conditions_missing_text"] = [condition_text(c) for c in a.conditions_missing]
    for item, anomaly in zip(out["anomalies"], a.anomalies, strict=True):
        item["reason"]["text"] = refusal_text(anomaly.reason)
    return out


__all__ = [
    "ACTION_TEXT",
    "CONDITION_TEXT",
    "CRITERION_TEXT",
    "DOCUMENT_STATE_TEXT",
    "EVENT_TYPE_TEXT",
    "REFUSALS",
    "ITEM_TEXT",
    "STEP_TEXT",
    "condition_text",
    "conditions_text",
    "criterion_label",
    "criterion_with_years",
    "later_record_invalid_text",
    "overdue_text",
    "refusal_text",
    "assessment_dict",
    "criterion_dict",
    "step_dict",
    "state_text",
    "step_label",
]
