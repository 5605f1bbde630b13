"""``alliance87 bootstrap``: what ``make run`` does before serving.

Migrates, loads reference and seed data (idempotent) and makes sure the demo Secretariat
account exists, printing its credentials. Safe to run any number of times.
"""

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from alliance87.core.models import Role, User
from alliance87.core.seeding import load_all
from alliance87.core.services import role_assign, user_create

DEMO_EMAIL = "secretariat@demo.alliance87.org"


class Command(BaseCommand):
    help = "Migrate, load reference and seed data, and create the demo Secretariat account."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-demo", action="store_true", help="Do not create the demo account."
        )

    def handle(self, *args, no_demo=False, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)  # the shared cache when there is no Redis
        self.stdout.write("Database migrated.")
        for line in load_all(stdout=self.stdout):
            self.stdout.write(f"Loaded {line}")
        if no_demo:
            return
        password = os.environ.get("DEMO_PASSWORD", "alliance87-demo")
        with transaction.atomic():
            user = User.objects.filter(email=DEMO_EMAIL).first()
            if user is None:
                user = user_create(
                    actor=None, email=DEMO_EMAIL, full_name="Demo Secretariat", password=password
                )
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            role_assign(actor=None, user=user, role=Role.SECRETARIAT, check=False)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo Secretariat account: {DEMO_EMAIL} / {password} (set DEMO_PASSWORD to change it)"
            )
        )
