"""Rebuild the platform-wide search index (after partners, groups or indicators changed)."""

from django.core.management.base import BaseCommand

from alliance87.knowledge.search import index


class Command(BaseCommand):
    help = "Rebuild the search index of every kind, or of the kinds given."

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", choices=sorted(index.BUILDERS), metavar="KIND")

    def handle(self, *args, kinds, **options):
        n = index.rebuild(kinds or None)
        self.stdout.write(f"{n} entries indexed")
