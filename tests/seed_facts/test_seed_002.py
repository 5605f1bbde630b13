"""Facts of seed 002 (002_d79b7f4114a8805e.txt, the Alliance 8.7 brochure) against the shipped
vocabulary.

No loader reads this seed yet: its figures (lines 35-39) and expected results (lines 45-64)
belong to the knowledge capability, which the platform does not have yet. What the shipped
data shares with it is checked here, so a change that drifts from the brochure fails.
"""

from __future__ import annotations

from alliance87.partners.models import Category, Theme


def test_the_four_areas_of_target_87_are_the_first_themes():
    # line 9: «para erradicar el trabajo forzoso, la esclavitud moderna, la trata de personas
    # y el trabajo infantil, de acuerdo con la Meta 8.7»
    assert set(Theme.values[:4]) == {
        "forced_labour",
        "modern_slavery",
        "human_trafficking",
        "child_labour",
    }


def test_the_kinds_of_partner_the_brochure_names_are_categories():
    # line 43: «Más de 200 socios, incluyendo países, organizaciones internacionales y
    # regionales, organizaciones de trabajadores, organizaciones patronales y empresariales,
    # organizaciones de la sociedad civil, instituciones académicas»
    assert {
        "country",
        "intergovernmental",
        "regional",
        "workers",
        "employers",
        "business_network",
        "civil_society",
        "academic",
    } <= set(Category.values)
