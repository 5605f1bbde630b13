"""The user's words for the codes that ``rules.py`` returns.

``rules.py`` stays pure (no Django): it answers with codes and plain parameters
(:class:`rules.Refusal`, :class:`rules.NextStep`, condition and criterion codes). This module
turns them into translated text where they reach a person: services (the message of a
refused step), pages, the API and the command's text output. JSON outputs keep the codes.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import rules

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
    from .models import Stage, Status

    if not status or status == rules.NO_RECORD:
        return _("not yet on record as a candidate")
    label = Status(status).label if status in Status.values else status
    if not stage:
        return str(label)
    stage_label = Stage(stage).label if stage in Stage.values else stage
    return _("%(status)s (%(stage)s)") % {"status": label, "stage": stage_label}


#: The stages each status can be at (the model's check constraints).
_STAGES_OF = {
    rules.Status.CANDIDATE.value: (
        rules.Stage.EXPRESSION_OF_INTEREST.value,
        rules.Stage.PLANNING.value,
    ),
    rules.Status.ACTIVE.value: tuple(s.value for s in rules.Stage)[1:],
    rules.Status.INACTIVE.value: tuple(s.value for s in rules.Stage)[1:],
}


def allowed_states_text(states: Iterable[tuple[str, str]]) -> str:
    """The states a step is allowed from, grouped by status: "Active", "Candidate (Planning)"."""
    from .models import Stage

    by_status: dict[str, list[str]] = {}
    for status, stage in states:
        by_status.setdefault(status, []).append(stage)
    parts = []
    order = [rules.NO_RECORD, *(s.value for s in rules.Status)]
    for status in sorted(by_status, key=lambda s: order.index(s) if s in order else len(order)):
        stages = by_status[status]
        if status == rules.NO_RECORD or set(_STAGES_OF.get(status, ())) <= set(stages):
            parts.append(state_text(status, None))
            continue
        ranked = sorted(
            stages, key=lambda g: list(Stage.values).index(g) if g in Stage.values else 99
        )
        labels = ", ".join(str(Stage(g).label) if g in Stage.values else g for g in ranked)
        parts.append(
            _("%(status)s (%(stage)s)") % {"status": state_text(status, None), "stage": labels}
        )
    return "; ".join(parts)


def _action_text(code: str) -> str:
    try:
        return str(ACTION_TEXT[rules.Action(code)])
    except (KeyError, ValueError):
        return code


def refusal_text(refusal: rules.Refusal | str) -> str:
    """The translated sentence for a refused transition (a plain string passes through)."""
    if isinstance(refusal, str):
        return refusal
    p = refusal.values
    action = p.get("action", "")
    if refusal.code == "not_allowed_from":
        allowed = allowed_states_text(p.get("allowed", ()))
        return _(
            "%(action)s is not possible in the country's current situation (%(state)s); "
            "it is possible only from: %(allowed)s."
        ) % {
            "action": _action_text(action),
            "state": state_text(p.get("status"), p.get("stage")),
            "allowed": allowed,
        }
    if refusal.code == "conditions_not_met":
        missing = conditions_text(p.get("missing", ()))
        if action == rules.Action.PRESENT_TO_GCG:
            return _(
                "The roadmap cannot be presented to the GCG yet. Still missing: %(missing)s."
            ) % {"missing": missing}
        return _("Pathfinder status cannot be granted yet. Still missing: %(missing)s.") % {
            "missing": missing
        }
    if refusal.code == "no_insufficient_progress":
        return _(
            "The country cannot be declared inactive: no criterion of insufficient progress "
            "holds for two consecutive years."
        )
    if refusal.code == "dialogue_not_failed":
        return _(
            "The country cannot be declared inactive: the GCG's dialogue with the country has "
            "not been closed without a positive result."
        )
    if refusal.code == "recovery_incomplete":
        return _(
            "The country cannot be reinstated yet: the recovery request is incomplete. "
            "Still missing: %(missing)s."
        ) % {"missing": conditions_text(p.get("missing", ()))}
    return refusal.text


def later_record_invalid_text(refusal: rules.Refusal | str) -> str:
    """A backdated step that would make a later record invalid."""
    return _("This would make a later record invalid: %(reason)s") % {
        "reason": refusal_text(refusal)
    }


def step_label(step: rules.NextStep) -> str:
    """The translated text of a next step (the same codes as rules.py)."""
    template = STEP_TEXT.get(step.code)
    if template is None:
        return step.text
    return str(template) % dict(step.params) if step.params else str(template)


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
    """ "Annual progress report 2021 (due 2021-04-30)", translated."""
    return _("%(item)s %(year)s (due %(due)s)") % {
        "item": ITEM_TEXT[item.item],
        "year": item.year,
        "due": item.due.isoformat(),
    }


__all__ = [
    "ACTION_TEXT",
    "CONDITION_TEXT",
    "CRITERION_TEXT",
    "ITEM_TEXT",
    "STEP_TEXT",
    "condition_text",
    "conditions_text",
    "criterion_label",
    "criterion_with_years",
    "later_record_invalid_text",
    "overdue_text",
    "refusal_text",
    "state_text",
    "step_label",
]
