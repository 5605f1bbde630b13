"""Issue 15: countries are chosen by name, not typed as ISO codes, on every form that asks
for one; the names are in the page's language and in its order."""

import pytest
from django.utils import translation

from alliance87.governance.forms import DecisionForm, SeatAssignForm
from alliance87.pathfinders.forms import ExpressionForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("form_class", [ExpressionForm, DecisionForm, SeatAssignForm])
def test_a_country_is_chosen_by_its_name_in_the_pages_language(form_class):
    with translation.override("es"):
        html = str(form_class()["country"])
    assert html.startswith("<select")
    assert '<option value="MEX">México</option>' in html
    assert '<option value="BEL">Bélgica</option>' in html
    assert html.index(">Bélgica<") < html.index(">Burundi<")
    with translation.override("fr"):
        assert '<option value="DEU">Allemagne</option>' in str(form_class()["country"])


def test_a_code_that_is_no_country_is_refused_on_the_field():
    form = ExpressionForm(data={"country": "XXX"})
    assert not form.is_valid()
    assert "country" in form.errors
