"""Compile every app's ``locale/*/LC_MESSAGES/django.po`` to ``.mo`` with Babel.

Django's own ``compilemessages`` needs GNU gettext; this needs nothing beyond the Python
dependencies, so ``make run`` works on a machine with only Python. Only stale files are rebuilt.
"""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.core.management.base import BaseCommand, CommandError

ROOT = Path(__file__).resolve().parents[3]  # src/alliance87


def po_files() -> list[Path]:
    return sorted(ROOT.glob("*/locale/*/LC_MESSAGES/*.po")) + sorted(
        ROOT.glob("locale/*/LC_MESSAGES/*.po")
    )


class Command(BaseCommand):
    help = "Compile the translation catalogues (.po to .mo) without GNU gettext."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Rebuild every catalogue.")

    def handle(self, *args, force=False, **options):
        built = 0
        for po in po_files():
            mo = po.with_suffix(".mo")
            if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
                continue
            try:
                with po.open("rb") as f:
                    catalog = read_po(f, locale=po.parent.parent.name)
            except Exception as exc:  # noqa: BLE001 - report which file is broken
                raise CommandError(f"{po}: {exc}") from exc
            with mo.open("wb") as f:
                write_mo(f, catalog, use_fuzzy=False)
            built += 1
        self.stdout.write(f"{built} translation catalogue(s) compiled.")
