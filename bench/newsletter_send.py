"""Sending a newsletter issue to 10,000 subscribers through the worker, against the bare SMTP
send of the same number of messages, in the same run.

Run: .venv/bin/python bench/newsletter_send.py [--subscribers 10000]

A minimal SMTP sink (in this process, on 127.0.0.1) accepts every message. Three timings:
- the request side: ``services_newsletter.issue_send`` with the database task backend: it only
  enqueues the task (what a Secretariat user waits for);
- the worker: ``tasks.send_issue`` run as the worker runs it (each message composed in the
  subscriber's language, with its own unsubscribe link and headers, sent through Django's SMTP
  backend, its delivery recorded);
- the baseline: ``smtplib`` sending the same number of prepared messages over one connection.
Prints seconds per message for each and the ratio worker / bare.
"""

from __future__ import annotations

import argparse
import os
import smtplib
import socketserver
import sys
import tempfile
import threading
import time
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


class SinkHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept messages (RFC 5321 commands, no extensions)."""

    def handle(self) -> None:
        self.wfile.write(b"220 sink\r\n")
        while line := self.rfile.readline():
            cmd = line[:4].upper()
            if cmd in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 sink\r\n")
            elif cmd == b"DATA":
                self.wfile.write(b"354 go\r\n")
                while (data := self.rfile.readline()) and data != b".\r\n":
                    pass
                self.wfile.write(b"250 ok\r\n")
            elif cmd == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


class Sink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def setup_django(port: int) -> None:
    tmp = tempfile.mkdtemp(prefix="a87-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{port}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance87.settings")
    os.environ.setdefault("DEBUG", "true")  # settings load without a secret key; off below
    import django
    from django.conf import settings

    django.setup()
    settings.DEBUG = False
    settings.EMAIL_USE_TLS = False
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    args = parser.parse_args()
    sink = Sink(("127.0.0.1", 0), SinkHandler)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    port = sink.server_address[1]
    setup_django(port)

    from alliance87.core.models import Role, User
    from alliance87.core.services import role_assign
    from alliance87.knowledge import services_newsletter, tasks
    from alliance87.knowledge.models import Delivery, Subscriber

    n = args.subscribers
    langs = ["en", "es", "fr", "pt"]
    Subscriber.objects.bulk_create(
        Subscriber(email=f"s{i}@example.org", language=langs[i % 4], state="confirmed")
        for i in range(n)
    )
    sec = User.objects.create_user(username="sec@example.org", email="sec@example.org")
    role_assign(actor=None, user=sec, role=Role.SECRETARIAT, check=False)
    issue = services_newsletter.issue_create(
        actor=sec,
        subject={lang: f"Alliance 8.7 newsletter ({lang})" for lang in langs},
        body=dict.fromkeys(langs, "News, events and resources. " * 40),
    )

    t0 = time.perf_counter()
    services_newsletter.issue_send(actor=sec, issue_id=issue.pk)  # enqueues only
    request_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    sent = tasks.send_issue.call(issue.pk)
    worker_s = time.perf_counter() - t0
    assert sent == n == Delivery.objects.count(), (sent, n)

    msg = EmailMessage()
    msg["From"] = "no-reply@alliance87.localhost"
    msg["Subject"] = "Alliance 8.7 newsletter"
    msg.set_content("News, events and resources. " * 40)
    t0 = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for i in range(n):
            del msg["To"]
            msg["To"] = f"s{i}@example.org"
            smtp.send_message(msg)
    bare_s = time.perf_counter() - t0
    sink.shutdown()

    print(f"newsletter issue to {n:,} subscribers (SQLite, local SMTP sink)")
    print(f"request (enqueue only):        {request_s * 1000:8.1f} ms in all")
    print(
        f"worker, per message:           {worker_s / n * 1000:8.3f} ms  ({worker_s:.1f} s in all)"
    )
    print(f"bare smtplib, per message:     {bare_s / n * 1000:8.3f} ms  ({bare_s:.1f} s in all)")
    print(f"ratio worker / bare: x{worker_s / bare_s:.2f}")


if __name__ == "__main__":
    main()
