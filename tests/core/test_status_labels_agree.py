"""Status labels agree in gender with the noun they describe (issue 13): the same English
word ("Submitted", "Published", "Withdrawn", "Done", "Dropped") is a different word in Spanish, French and
Portuguese for a document, an application, a resource, a value or a partner, so each app's
status labels carry a gettext context (the catalogues of all apps are merged, and without
one the first app's word would be shown everywhere)."""

from __future__ import annotations

import pytest
from django.utils import translation

from alliance87.governance.models import ActionPoint
from alliance87.groups.models import TaskStatus
from alliance87.knowledge.models import Status as ResourceStatus
from alliance87.partners.models import Application, Partner
from alliance87.pathfinders import rules as pathfinder_rules
from alliance87.pathfinders.messages import DOCUMENT_STATE_TEXT
from alliance87.results.models import ValueStatus
from alliance87.results.models_plans import PlanStatus
from alliance87.risk.models import SupportStatus

EXPECTED = {
    # (label, es, fr, pt)
    "document submitted": ("Presentado", "Présenté", "Apresentado"),
    "application submitted": ("Presentada", "Soumise", "Enviada"),
    "application approved": ("Aprobada", "Approuvée", "Aprovada"),
    "value submitted": ("Enviado", "Soumise", "Enviado"),
    "value published": ("Publicado", "Publiée", "Publicado"),
    "resource published": ("Publicado", "Publiée", "Publicado"),
    "resource withdrawn": ("Retirado", "Retirée", "Retirado"),
    "partner withdrawn": ("Retirado", "Retiré", "Retirado"),
    # a GCG action point (un punto, un point, um ponto), a group's task (una tarea, une tâche,
    # uma tarefa), a plan's activity (una actividad, une activité, uma atividade), a request for
    # technical support (una solicitud, une demande, uma solicitação)
    "action point done": ("Hecho", "Fait", "Concluído"),
    "action point dropped": ("Descartado", "Abandonné", "Abandonado"),
    "task done": ("Hecha", "Terminée", "Concluída"),
    "task dropped": ("Descartada", "Abandonnée", "Abandonada"),
    "activity done": ("Realizada", "Réalisée", "Concluída"),
    "support request withdrawn": ("Retirada", "Retirée", "Retirada"),
}


def labels():
    return {
        "document submitted": DOCUMENT_STATE_TEXT[pathfinder_rules.DocumentState.SUBMITTED],
        "application submitted": Application.State.SUBMITTED.label,
        "application approved": Application.State.APPROVED.label,
        "value submitted": ValueStatus.SUBMITTED.label,
        "value published": ValueStatus.PUBLISHED.label,
        "resource published": ResourceStatus.PUBLISHED.label,
        "resource withdrawn": ResourceStatus.WITHDRAWN.label,
        "partner withdrawn": Partner.Status.WITHDRAWN.label,
        "action point done": ActionPoint.Status.DONE.label,
        "action point dropped": ActionPoint.Status.DROPPED.label,
        "task done": TaskStatus.DONE.label,
        "task dropped": TaskStatus.DROPPED.label,
        "activity done": PlanStatus.DONE.label,
        "support request withdrawn": SupportStatus.WITHDRAWN.label,
    }


@pytest.mark.parametrize("index,lang", [(0, "es"), (1, "fr"), (2, "pt")])
def test_each_status_label_agrees_with_its_noun(index, lang):
    with translation.override(lang):
        shown = {key: str(label) for key, label in labels().items()}
    assert shown == {key: words[index] for key, words in EXPECTED.items()}
