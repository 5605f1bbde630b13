"""Idempotent loaders of reference and seed data.

Each app that ships data has a module ``<app>/seed.py`` with ``load(*, stdout=None) -> str``
(returning a one-line summary). ``alliance87 bootstrap`` runs them in INSTALLED_APPS order
(core, partners, pathfinders, groups, governance), each inside its own transaction. Running
them twice changes nothing: loaders match on natural keys (codes, slugs) and update in place.
"""

from __future__ import annotations

import csv
import functools
import importlib
from pathlib import Path

from django.apps import apps
from django.db import transaction

from .models import Country, Region

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_reference_data() -> str:
    """Countries (ISO 3166) and UN M49 regions, from the CSV files in core/data."""
    with open(DATA_DIR / "regions.csv", encoding="utf-8") as f:
        region_rows = list(csv.DictReader(f))
    with open(DATA_DIR / "countries.csv", encoding="utf-8") as f:
        country_rows = list(csv.DictReader(f))
    with transaction.atomic():
        if not Region.objects.exists():  # first load: bulk, so test set-up stays fast
            _bulk_create(region_rows, country_rows)
            return f"{len(country_rows)} countries, {len(region_rows)} regions"
        # Parents first: regions have no parent, sub-regions point at regions, and so on.
        order = {"region": 0, "subregion": 1, "intermediate": 2}
        for row in sorted(region_rows, key=lambda r: order[r["level"]]):
            Region.objects.update_or_create(
                code=row["code"],
                defaults={
                    "level": row["level"],
                    "parent_id": row["parent"] or None,
                    **{f"name_{lang}": row[f"name_{lang}"] for lang in ("en", "es", "fr", "pt")},
                },
            )
        for row in country_rows:
            Country.objects.update_or_create(
                iso3=row["iso3"],
                defaults={
                    "iso2": row["iso2"],
                    "m49": row["m49"],
                    "region_id": row["region"] or None,
                    "subregion_id": row["subregion"] or None,
                    "intermediate_region_id": row["intermediate"] or None,
                    "ldc": row["ldc"] == "True",
                    "sids": row["sids"] == "True",
                    **{
                        f"name_{lang}": row[f"name_{lang}"] or row["name_en"]
                        for lang in ("en", "es", "fr", "pt")
                    },
                },
            )
    return f"{len(country_rows)} countries, {len(region_rows)} regions"


def _bulk_create(region_rows: list[dict], country_rows: list[dict]) -> None:
    names = ("en", "es", "fr", "pt")
    Region.objects.bulk_create(
        Region(
            code=r["code"],
            level=r["level"],
            parent_id=r["parent"] or None,
            **{f"name_{lang}": r[f"name_{lang}"] for lang in names},
        )
        for r in sorted(
            region_rows, key=lambda r: {"region": 0, "subregion": 1, "intermediate": 2}[r["level"]]
        )
    )
    Country.objects.bulk_create(
        Country(
            iso3=r["iso3"],
            iso2=r["iso2"],
            m49=r["m49"],
            region_id=r["region"] or None,
            subregion_id=r["subregion"] or None,
            intermediate_region_id=r["intermediate"] or None,
            ldc=r["ldc"] == "True",
            sids=r["sids"] == "True",
            **{f"name_{lang}": r[f"name_{lang}"] or r["name_en"] for lang in names},
        )
        for r in country_rows
    )


@functools.cache
def _reference_names() -> dict[str, dict[str, str]]:
    """Every country (by ISO2 and ISO3) and region (by M49 code), its name by language."""
    names: dict[str, dict[str, str]] = {}
    with open(DATA_DIR / "regions.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            names[r["code"]] = {lang: r[f"name_{lang}"] for lang in ("en", "es", "fr", "pt")}
    with open(DATA_DIR / "countries.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            by_lang = {lang: r[f"name_{lang}"] or r["name_en"] for lang in ("en", "es", "fr", "pt")}
            names[r["iso2"]] = names[r["iso3"]] = by_lang
    return names


def reference_name(code: str, language: str | None = None) -> str:
    """A country's (ISO2 or ISO3 code) or M49 region's name in ``language`` (the active one),
    read from the shipped reference files, with no query: a sentence names "Madagascar",
    not "MG". The code itself when unknown."""
    from .content import current_language

    by_lang = _reference_names().get(str(code))
    return by_lang.get((language or current_language())[:2], code) if by_lang else code


def seed_modules() -> list[tuple[str, object]]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("alliance87.") or config.label == "core":
            continue
        try:
            module = importlib.import_module(f"{config.name}.seed")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.seed":
                continue
            raise
        found.append((config.label, module))
    return found


def load_all(stdout=None) -> list[str]:
    """Reference data, then every app's seed data, in dependency order."""
    lines = [f"core: {load_reference_data()}"]
    for label, module in seed_modules():
        with transaction.atomic():
            lines.append(f"{label}: {module.load(stdout=stdout)}")
    return lines
