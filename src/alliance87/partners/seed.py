"""Loader of the partner organisations the seed documents name (data/partners.json).

Idempotent: partners are matched on their slug and updated in place; countries and regions
of work are replaced by the file's. Writes directly (no actor) and records no audit entry.

Names and descriptions are ``core.content`` multilingual values. The seeds are Spanish
documents: a name the file gives in Spanish is the name as the seed writes it, so Spanish is
recorded as its original (``"_original": "es"``); the other names are translations (or
official names in those languages; a proper name such as "Free the Slaves" is the same in
every language). The descriptions are written from the seeds' Spanish, so Spanish is their
original too, and the English, French and Portuguese are translations.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

from django.db.models import ProtectedError

from alliance87.core import content

from .models import Partner

DATA_FILE = Path(__file__).resolve().parent / "data" / "partners.json"
ACRONYMS_FILE = Path(__file__).resolve().parent / "data" / "acronyms.json"
FIELDS = (
    "names",
    "acronym",
    "category",
    "government_kind",
    "themes",
    "website",
    "description",
    "status",
)


def load(*, stdout=None, path: Path = DATA_FILE) -> str:
    """Create or update every partner in the file, and remove those the file lists as not
    partners (``not_partners``: named by a seed, but no seed says they are partners) where
    nothing refers to them; returns a one-line summary."""
    data = json.loads(path.read_text(encoding="utf-8"))
    rows = data["partners"]
    removed = 0
    for row in data.get("not_partners", []):
        # Kept when an application, a person or a seat refers to it: the Secretariat decides.
        with contextlib.suppress(ProtectedError):
            deleted = Partner.objects.filter(slug=row["slug"]).delete()[1]
            removed += deleted.get("partners.Partner", 0)
    acronyms = json.loads(ACRONYMS_FILE.read_text(encoding="utf-8"))["acronyms"]
    created = updated = 0
    existing = {p.slug: p for p in Partner.objects.filter(slug__in=[r["slug"] for r in rows])}
    for row in rows:
        defaults = {f: row[f] for f in FIELDS}
        defaults["names"] = seed_names(row["names"])
        defaults["acronym"] = seed_acronym(row["acronym"], acronyms)
        defaults["description"] = content.with_original(row["description"], "es")
        defaults["sources"] = row["source"]
        defaults["country_id"] = row.get("country")
        defaults["headquarters_id"] = row.get("headquarters")
        defaults["date_joined"] = (
            dt.date.fromisoformat(row["date_joined"]) if row.get("date_joined") else None
        )
        partner = existing.get(row["slug"])
        if partner is None:
            partner = Partner.objects.create(slug=row["slug"], **defaults)
            created += 1
        elif any(getattr(partner, k) != v for k, v in defaults.items()):
            for k, v in defaults.items():
                setattr(partner, k, v)
            partner.save()
            updated += 1
        partner.countries_of_work.set(row.get("countries_of_work", []))
        partner.regions_of_work.set(row.get("regions_of_work", []))
        partner.refresh_region_keys()
    summary = f"{len(rows)} partners ({created} created, {updated} updated)"
    return summary + (f", {removed} removed" if removed else "")


def seed_names(names: dict[str, str]) -> dict[str, str]:
    """The stored names of a seeded partner: Spanish is the original when the seed gives it."""
    return content.with_original(names, "es")


def seed_acronym(acronym: str, by_language: dict[str, dict[str, str]]) -> dict[str, str]:
    """A seeded partner's acronym in each language (data/acronyms.json: "OIT" in Spanish for
    "ILO"); one the file does not list is the same in every language ("AECID", "FAO")."""
    if not acronym:
        return {}
    texts = by_language.get(acronym) or dict.fromkeys(content.site_languages(), acronym)
    return content.with_original(texts, "es")
