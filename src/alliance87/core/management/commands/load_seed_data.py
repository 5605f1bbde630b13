from django.core.management.base import BaseCommand

from alliance87.core.seeding import load_all


class Command(BaseCommand):
    help = "Load reference data (countries, M49 regions) and every app's seed data. Idempotent."

    def handle(self, *args, **options):
        for line in load_all(stdout=self.stdout):
            self.stdout.write(line)
