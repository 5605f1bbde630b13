"""The Regional Initiative's list types read in the reader's language (issue 13): seed 004
writes them in Spanish («humanos, técnicos, económicos», «GOB, EMP, TRAB»); they are stored and
checked as written, shown translated, and a focal point may type them in the page's language."""

from __future__ import annotations

import pytest

from alliance87.results.models import IndicatorValue
from tests.conftest import client_for

from .conftest import FW

TYPES = {
    "1.2": {
        "en": "human, technical, economic",
        "es": "humanos, técnicos, económicos",
        "fr": "humaines, techniques, économiques",
        "pt": "humanos, técnicos, econômicos",
    },
    "1.3": {
        "en": "government, employers, workers",
        "es": "gobierno, empleadores, trabajadores",
        "fr": "gouvernement, employeurs, travailleurs",
        "pt": "governo, empregadores, trabalhadores",
    },
}


@pytest.mark.parametrize("code", TYPES)
@pytest.mark.parametrize("lang", ["en", "es", "fr", "pt"])
def test_the_indicator_page_names_its_types_in_the_page_language(framework, code, lang):
    page = client_for(None).get(f"/{lang}/results/{FW}/indicators/{code}/").content.decode()
    assert f"<dd>{TYPES[code][lang]}</dd>" in page


def test_a_type_typed_in_french_is_stored_as_the_seed_writes_it_and_read_back_in_english(
    framework, peru_focal_point
):
    client = client_for(peru_focal_point)
    url = f"/fr/results/{FW}/indicators/1.2/enter/"
    form = client.get(url).content.decode()
    assert "humaines, techniques, économiques" in form
    r = client.post(
        url,
        {
            "country": "PER",
            "year": 2019,
            "amount": "1000",
            "currency": "PEN",
            "items": "Humaines: deux techniciennes\nhumanos: un inspecteur",
        },
    )
    assert r.status_code == 302
    v = IndicatorValue.objects.get()
    assert v.items == [
        {"type": "humanos", "label": "deux techniciennes"},
        {"type": "humanos", "label": "un inspecteur"},
    ]
    edit = client.get(f"/en/results/values/{v.pk}/edit/").content.decode()
    assert "human: deux techniciennes" in edit
    page = client.get(f"/en/results/{FW}/indicators/1.2/").content.decode()
    assert "<li>human: deux techniciennes</li>" in page


@pytest.mark.parametrize("lang", ["en", "es", "fr", "pt"])
def test_a_type_the_indicator_does_not_define_is_refused_naming_its_types_in_the_page_language(
    framework, peru_focal_point, lang
):
    r = client_for(peru_focal_point).post(
        f"/{lang}/results/{FW}/indicators/1.2/enter/",
        {"country": "PER", "year": 2019, "amount": "1", "currency": "PEN", "items": "matériels: x"},
    )
    assert r.status_code == 400
    assert not IndicatorValue.objects.exists()
    page = r.content.decode()
    assert f": {TYPES['1.2'][lang]}." in page
    if lang not in ("es", "pt"):
        assert "humanos, técnicos, económicos" not in page
