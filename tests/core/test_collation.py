"""Lists sorted by name sort as their language does (issue 13): "México" before "Ministerio",
"Bélgica" before "Burundi" (``core.collation``), in Python and in the database."""

from __future__ import annotations

import pytest
from django.utils import translation

from alliance87.core import collation
from alliance87.core.models import Country
from tests.conftest import client_for


def test_accents_and_capitals_do_not_move_a_name_out_of_its_letter():
    names = ["Ministerio", "México", "Burundi", "Bélgica", "árbol", "Zambia", "Ñandú", "Nepal"]
    assert collation.sort(names, str, "es") == [
        "árbol",
        "Bélgica",
        "Burundi",
        "México",
        "Ministerio",
        "Nepal",
        "Ñandú",
        "Zambia",
    ]
    assert collation.sort(["Éthiopie", "Égypte", "Espagne"], str, "fr") == [
        "Égypte",
        "Espagne",
        "Éthiopie",
    ]


def test_names_equal_but_for_accents_keep_a_stable_order():
    assert collation.sort(["resume", "résumé", "Resume"], str, "fr") == [
        "resume",
        "Resume",
        "résumé",
    ]


@pytest.mark.django_db
def test_the_database_sorts_countries_as_spanish_does():
    rows = Country.objects.filter(iso3__in=["BDI", "BEL", "MEX", "MNG"]).order_by(
        collation.collated("name_es", "es")
    )
    names = [c.name_es for c in rows]
    assert names.index("Bélgica") < names.index("Burundi")
    assert names.index("México") < names.index("Mongolia")


@pytest.mark.django_db
def test_the_partner_directory_lists_mexico_before_ministerio():
    from alliance87.partners.models import Partner

    for slug, name in (("b", "Ministerio de Salud"), ("a", "México Solidario"), ("c", "Zeta")):
        Partner.objects.create(slug=slug, names={"es": name, "_original": "es"}, category="ngo")
    html = client_for(None).get("/es/partners/").content.decode()
    assert html.index("México Solidario") < html.index("Ministerio de Salud") < html.index("Zeta")


@pytest.mark.django_db
def test_the_python_key_follows_the_active_language():
    with translation.override("es"):
        assert collation.key("Ñandú") > collation.key("Nepal")
