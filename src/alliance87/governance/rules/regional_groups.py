"""The United Nations regional groups of Member States, which appoint the GCG's regional seats
(seed 000, «Composición»: «nombrados por los grupos regionales»). Part of the GCG's rules
(``alliance87.governance.rules``), in a module of its own because it is mostly a table."""

from __future__ import annotations

import enum


class RegionalGroup(enum.StrEnum):
    """The United Nations regional groups of Member States, which appoint the regional
    seats («nombrados por los grupos regionales»)."""

    AFRICAN = "african"
    ASIA_PACIFIC = "asia_pacific"
    EASTERN_EUROPEAN = "eastern_european"
    LATIN_AMERICAN_CARIBBEAN = "latin_american_caribbean"
    WESTERN_EUROPEAN_OTHERS = "western_european_others"


#: The Eastern European Group (23 States, ISO alpha-2).
EASTERN_EUROPEAN_STATES = frozenset(
    [
        "AL",
        "AM",
        "AZ",
        "BY",
        "BA",
        "BG",
        "HR",
        "CZ",
        "EE",
        "GE",
        "HU",
        "LV",
        "LT",
        "ME",
        "MK",
        "MD",
        "PL",
        "RO",
        "RU",
        "RS",
        "SK",
        "SI",
        "UA",
    ]
)
#: Members of the Western European and Others Group outside M49 Europe (the United States
#: takes part as an observer and is counted with the group for electoral purposes).
WEOG_OUTSIDE_EUROPE = frozenset(["AU", "CA", "IL", "NZ", "TR", "US"])


def regional_group_of(iso2: str, region: str | None, subregion: str | None) -> RegionalGroup | None:
    """The UN regional group of a country, from its ISO code and M49 region and sub-region.

    Africa (002) is the African Group and Latin America and the Caribbean (419) its group;
    the Eastern European Group and the members of the Western European and Others Group
    outside Europe are listed; the rest of Europe (150) is the Western European and Others
    Group and the rest of Asia (142) and Oceania (009) the Asia-Pacific Group. ``None`` for
    a country outside these (Northern American territories). The platform has no list of
    UN membership, so a territory is given the group of its region.
    """
    if iso2 in EASTERN_EUROPEAN_STATES:
        return RegionalGroup.EASTERN_EUROPEAN
    if iso2 in WEOG_OUTSIDE_EUROPE:
        return RegionalGroup.WESTERN_EUROPEAN_OTHERS
    if region == "002":
        return RegionalGroup.AFRICAN
    if subregion == "419":
        return RegionalGroup.LATIN_AMERICAN_CARIBBEAN
    if region == "150":
        return RegionalGroup.WESTERN_EUROPEAN_OTHERS
    if region in ("142", "009"):
        return RegionalGroup.ASIA_PACIFIC
    return None
