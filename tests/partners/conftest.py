"""Fixtures for the partners app: partners made in bulk for the directory, and applications
made through the services."""

from __future__ import annotations

import pytest

from alliance87.partners import services
from alliance87.partners.models import Partner

STATEMENT = (
    "We run community programmes that withdraw children from hazardous work in cocoa farms, "
    "support survivors of forced labour and train labour inspectors in three provinces."
)


def application_data(**overrides):
    data = {
        "organisation_name": "Asociación Niñez Libre",
        "acronym": "ANL",
        "category": "civil_society",
        "country": "PER",
        "contact_name": "Ana Pérez",
        "contact_email": "ana@ninezlibre.example",
        "statement": STATEMENT,
        "commitment": True,
        "language": "es",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _fresh_application_rate_limit():
    """Each test starts with no applications counted against the test client's address."""
    from alliance87.core import ratelimit

    ratelimit.reset("partners.apply", "127.0.0.1")
    yield
    ratelimit.reset("partners.apply", "127.0.0.1")


@pytest.fixture
def make_partner(db):
    """``make_partner(slug, **fields)``: a partner written directly (reference data, not a user
    action), with its derived search and region columns kept."""

    def make(slug: str, *, countries=(), regions=(), **fields) -> Partner:
        fields.setdefault("names", {"en": slug.replace("-", " ").title()})
        fields.setdefault("category", "civil_society")
        fields.setdefault("status", "active")
        if isinstance(fields.get("acronym"), str):  # one acronym: the same in every language
            fields["acronym"] = dict.fromkeys(("en", "es", "fr", "pt"), fields["acronym"])
        partner = Partner.objects.create(slug=slug, **fields)
        if countries:
            partner.countries_of_work.set(countries)
        if regions:
            partner.regions_of_work.set(regions)
        partner.refresh_region_keys()
        return partner

    return make


@pytest.fixture
def many_partners(db):
    """``many_partners(n)``: n active partners across categories, themes and countries."""
    from alliance87.core.models import Country

    def make(n: int) -> None:
        countries = list(Country.objects.order_by("pk").values_list("pk", flat=True)[:40])
        categories = ["civil_society", "workers", "employers", "un_entity", "academic", "donor"]
        themes = ["child_labour", "forced_labour", "migration", "education"]
        objects = []
        for i in range(n):
            partner = Partner(
                slug=f"partner-{i:05d}",
                names={"en": f"Partner {i}", "es": f"Socio {i}"},
                category=categories[i % len(categories)],
                themes=[themes[i % 4], themes[(i + 1) % 4]],
                status="active",
            )
            for name, value in partner.derived_values().items():
                setattr(partner, name, value)
            objects.append(partner)
        partners = Partner.objects.bulk_create(objects)
        through = Partner.countries_of_work.through
        through.objects.bulk_create(
            through(partner_id=p.pk, country_id=countries[i % len(countries)])
            for i, p in enumerate(partners)
        )
        for p in Partner.objects.filter(pk__in=[p.pk for p in partners]):
            p.refresh_region_keys()
            p.sync_search_terms()

    return make


@pytest.fixture
def application(db):
    return services.application_submit(data=application_data())
