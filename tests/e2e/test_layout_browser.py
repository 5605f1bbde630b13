"""Layout a reader notices, found trying ``make run`` in French and Spanish: the boxes of a
text in several languages stood at ragged places after their language's name, and the
home page ran each figure's year and source into its label ("...trabajo infantil la fuente
no indica el año · Fuente: ...")."""

from __future__ import annotations

import pytest

from alliance87.core.models import Role
from alliance87.knowledge.models import Figure, FigureValue

pytestmark = pytest.mark.django_db(transaction=True)


def test_each_language_box_of_a_multilingual_text_starts_at_the_same_place(page, login, make_user):
    login(page, make_user(Role.SECRETARIAT), lang="fr")
    page.goto(f"{page.base_url}/fr/newsletter/new/")
    lefts = {
        round(page.locator(f"input[name=subject_{lang}]").bounding_box()["x"])
        for lang in ("en", "es", "fr", "pt")
    }
    lefts.add(round(page.locator("select[name=subject__original]").bounding_box()["x"]))
    lefts |= {
        round(page.locator(f"textarea[name=body_{lang}]").bounding_box()["x"])
        for lang in ("en", "es", "fr", "pt")
    }
    assert len(lefts) == 1, lefts


def test_a_figures_year_and_source_sit_on_their_own_line_under_it(page):
    figure = Figure.objects.create(
        key="child-labour",
        labels={"es": "niños en situación de trabajo infantil", "_original": "es"},
    )
    FigureValue.objects.create(figure=figure, value=152_000_000, source="002_x.txt:37")
    page.goto(f"{page.base_url}/es/")
    item = page.locator("ul.figure-list li").first
    number = item.locator("strong").bounding_box()
    meta = item.locator(".meta").bounding_box()
    assert meta["y"] >= number["y"] + number["height"] - 1  # below the figure, not after it
    assert abs(meta["x"] - number["x"]) < 2  # at the start of its own line


def test_the_application_forms_help_sits_under_its_box_and_the_commitment_beside_its_tick(page):
    page.goto(f"{page.base_url}/es/partners/apply/")
    box = page.locator("#id_statement").bounding_box()
    described = page.locator("#id_statement").get_attribute("aria-describedby")
    help_box = page.locator(f"#{described}").bounding_box()  # the help the box points to exists
    assert help_box["y"] >= box["y"] + box["height"] - 1
    assert abs(help_box["x"] - box["x"]) < 2
    tick = page.locator("#id_commitment").bounding_box()
    first_line = page.locator("label[for=id_commitment]").evaluate(
        "el => { const r = el.getClientRects()[0]; return {x: r.left, y: r.top}; }"
    )
    assert first_line["x"] > tick["x"] + tick["width"] - 1  # beside the tick, not under it
    assert first_line["y"] < tick["y"] + tick["height"]


@pytest.mark.parametrize(
    ("path", "field", "sized_like"),
    [("/fr/events/", "#c-year", "#c-kind"), ("/es/pathfinders/", "#status", "#status")],
)
def test_a_filter_bars_button_and_boxes_stand_on_one_line(page, path, field, sized_like):
    """The calendar's year box was a bare, smaller box and the buttons of the calendar and
    the pathfinder list stood above the fields instead of beside them."""
    page.goto(f"{page.base_url}{path}")
    box = page.locator(field).bounding_box()
    reference = page.locator(sized_like).bounding_box()
    button = page.locator("form.filters button[type=submit]").bounding_box()
    assert abs(box["height"] - reference["height"]) < 6
    assert abs((button["y"] + button["height"]) - (box["y"] + box["height"])) < 6
    assert button["x"] > box["x"] + box["width"]


def test_a_home_cards_title_starts_at_the_top_of_its_card(page):
    page.goto(f"{page.base_url}/es/")
    card = page.locator("section.card").first.bounding_box()
    title = page.locator("section.card h2").first.bounding_box()
    assert title["y"] - card["y"] < 24  # the card's padding, not a blank band of ~50px
