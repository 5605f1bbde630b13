"""Status labels agree in gender with the noun they describe (issue 13): the same English
word ("Submitted", "Published", "Withdrawn") is a different word in Spanish, French and
Portuguese for a document, an application, a resource, a value or a partner, so each app's
status labels carry a gettext context (the catalogues of all apps are merged, and without
one the first app's word would be shown everywhere)."""

from __future__ import annotations

import pytest
from django.utils import translation

from alliance87.knowledge.models import Status as ResourceStatus
from alliance87.partners.models import Application, Partner
from alliance87.pathfinders import rules as pathfinder_rules
from alliance87.pathfinders.messages import DOCUMENT_STATE_TEXT
from alliance87.results.models import ValueStatus

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
    }


@pytest.mark.parametrize("index,lang", [(0, "es"), (1, "fr"), (2, "pt")])
def test_each_status_label_agrees_with_its_noun(index, lang):
    with translation.override(lang):
        shown = {key: str(label) for key, label in labels().items()}
    assert shown == {key: words[index] for key, words in EXPECTED.items()}
