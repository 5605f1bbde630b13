from ninja import Router, Schema

from . import selectors
from .api_support import optional_auth

router = Router(tags=["reference data"])


class RegionOut(Schema):
    code: str
    level: str
    name: str
    parent: str | None


class CountryOut(Schema):
    iso3: str
    iso2: str
    m49: str
    name: str
    region: str | None
    subregion: str | None


@router.get(
    "/countries",
    response=list[CountryOut],
    auth=optional_auth,
    summary="All countries with their UN M49 regions",
)
def list_countries(request):
    return [
        {
            "iso3": c.iso3,
            "iso2": c.iso2,
            "m49": c.m49,
            "name": c.name,
            "region": c.region_id,
            "subregion": c.subregion_id,
        }
        for c in selectors.countries()
    ]


@router.get(
    "/regions",
    response=list[RegionOut],
    auth=optional_auth,
    summary="UN M49 regions and sub-regions",
)
def list_regions(request):
    return [
        {"code": r.code, "level": r.level, "name": r.name, "parent": r.parent_id}
        for r in selectors.regions()
    ]


from .api_people import router as people_router  # noqa: E402 -- the people and roles twins

router.add_router("", people_router)
