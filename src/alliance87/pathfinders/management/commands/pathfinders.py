"""``alliance87 pathfinders assess --as-of YYYY-MM-DD [--country ISO3] [--json] [--history FILE]``,
``alliance87 pathfinders remind`` (daily, from cron) and ``alliance87 pathfinders digest`` (weekly).

Prints, for each pathfinder country, its status, stage, next due date, overdue items, the
criteria of insufficient progress with the years that triggered them, and what it must do
next. With ``--history`` it reads a file in the documented history format instead of the
database (a "what if" that touches nothing).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from alliance87.pathfinders import messages, rules


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--as-of: '{value}' is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = (
        "Pathfinder countries: assess where each country stands under the accountability framework."
    )

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        assess = sub.add_parser("assess", help="status, stage, deadlines and criteria on a date")
        assess.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        assess.add_argument("--country", help="ISO 3166-1 alpha-3 code")
        assess.add_argument("--json", action="store_true", dest="as_json", help="print JSON")
        assess.add_argument("--history", help="a history file (docs/pathfinder-history-format.md)")
        remind = sub.add_parser("remind", help="enqueue today's report reminders (run daily)")
        remind.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        sub.add_parser("digest", help="enqueue the Secretariat's weekly digest (run weekly)")

    def handle(self, *args, **options) -> None:
        if options["action"] == "assess":
            self._assess(options)
        elif options["action"] == "remind":
            from alliance87.pathfinders.tasks import send_report_reminders

            as_of = _date(options["as_of"]).isoformat() if options.get("as_of") else None
            result = send_report_reminders.enqueue(as_of)
            self.stdout.write(f"reminders enqueued: {result.id}\n")
        elif options["action"] == "digest":
            from alliance87.pathfinders.tasks import send_weekly_digest

            result = send_weekly_digest.enqueue()
            self.stdout.write(f"digest enqueued: {result.id}\n")

    def _assess(self, options) -> None:
        as_of = _date(options["as_of"]) if options.get("as_of") else timezone.localdate()
        country = (options.get("country") or "").upper() or None
        if options.get("history"):
            path = Path(options["history"])
            try:
                document = json.loads(path.read_text("utf-8"))
                histories = rules.histories_from_document(document)
            except OSError as err:
                raise CommandError(f"--history: {err}") from None
            except json.JSONDecodeError as err:
                raise CommandError(f"--history: not JSON ({err})") from None
            except rules.HistoryError as err:
                raise CommandError(f"--history: {messages.history_error_text(err)}") from None
        else:
            from alliance87.pathfinders.selectors import pathfinder_rows

            rows = pathfinder_rows(as_of=as_of)
            if country:
                rows = [r for r in rows if r.pathfinder.country_id == country]
                if not rows:
                    raise CommandError(f"--country: {country} is not a pathfinder country")
            results = sorted((r.assessment for r in rows), key=lambda a: a.country)
            self._print(results, options["as_json"])
            return
        if country:
            histories = [h for h in histories if h.country == country]
            if not histories:
                raise CommandError(f"--country: no history for {country}")
        results = [rules.assess(h, as_of) for h in sorted(histories, key=lambda h: h.country)]
        self._print(results, options["as_json"])

    def _print(self, results: list[rules.Assessment], as_json: bool) -> None:
        if as_json:
            # The codes, with their words in the active language (messages.py).
            self.stdout.write(
                json.dumps(
                    [messages.assessment_dict(r) for r in results], indent=2, ensure_ascii=False
                )
            )
            return
        for r in results:
            self.stdout.write(self._text(r))

    @staticmethod
    def _text(a: rules.Assessment) -> str:
        # The layout is the command's; every word for a code comes from messages.py.
        lines = [
            f"{a.country}  status: {a.status.value if a.status else '-'}  "
            f"stage: {a.stage.value if a.stage else '-'}  "
            f"next report due: {a.next_due.isoformat() if a.next_due else '-'}"
            + ("  AT RISK OF INACTIVITY" if a.at_risk else "")
        ]
        for o in a.overdue:
            lines.append(f"  overdue: {messages.overdue_text(o)}, {o.days} days")
        for f in a.criteria:
            flag = "" if f.current else " (past)"
            lines.append(f"  criterion: {messages.criterion_with_years(f)}{flag}")
        for s in a.next_steps:
            lines.append(f"  next: {messages.step_label(s)}")
        for an in a.anomalies:
            # The reason in words (the site's language, English by default), not its codes;
            # --json keeps the codes.
            lines.append(
                f"  ignored {an.event.type.value} on {an.event.on.isoformat()}: "
                f"{messages.refusal_text(an.reason)}"
            )
        return "\n".join(lines) + "\n"
