"""``alliance87 risk_uploads clean [--days 7]``: forget unfinished resumable uploads that have
not been completed for ``--days`` days, and their bytes (run it daily from cron). Completed
uploads (datasets) are never touched."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from alliance87.risk import services


class Command(BaseCommand):
    help = "Forget unfinished risk model uploads older than --days days, and their bytes."

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["clean"])
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, action: str, days: int, **options) -> None:
        count, size = services.uploads_forget_stale(days=days)
        self.stdout.write(f"forgot {count} unfinished upload(s), {size} bytes")
