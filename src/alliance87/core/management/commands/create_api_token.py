from django.core.management.base import BaseCommand, CommandError

from alliance87.core.models import User
from alliance87.core.services import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a user (for machine access to /api/). The token is shown once."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")

    def handle(self, *args, email, name, **options):
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No user with e-mail {email}")
        self.stdout.write(api_token_create(actor=None, user=user, name=name))
