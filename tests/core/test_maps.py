import pytest

from alliance87.core.maps import MapEntry, country_shapes, equal_earth, world_map_svg
from alliance87.core.models import Country


def test_the_projection_is_centred_and_symmetric():
    assert equal_earth(0, 0) == (0.0, 0.0)
    x1, y1 = equal_earth(30, 45)
    x2, y2 = equal_earth(-30, -45)
    assert (x1, y1) == pytest.approx((-x2, -y2))


@pytest.mark.django_db
def test_map_shapes_are_keyed_by_m49_codes_that_match_our_countries():
    codes = {s.m49 for s in country_shapes()}
    assert len(codes) > 170
    known = set(Country.objects.values_list("m49", flat=True))
    assert len(codes & known) > 170
    assert {"032", "076", "604"} <= codes  # Argentina, Brazil, Peru


def test_a_coloured_country_has_its_label_and_link_and_nothing_is_loaded_from_outside():
    svg = str(
        world_map_svg(
            {"604": MapEntry("status-active", "Peru <active>", "/en/pathfinders/PER/")},
            title="Pathfinders",
            legend=[("status-active", "Active")],
        )
    )
    assert 'class="land status-active"' in svg
    assert "<title>Peru &lt;active&gt;</title>" in svg
    assert 'href="/en/pathfinders/PER/"' in svg
    assert "http://" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in svg
    assert "Natural Earth" in svg
