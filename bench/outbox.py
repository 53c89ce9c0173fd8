"""Benchmark of mail after commit: what a request waits for, and what the worker spends per message.

A local SMTP sink stands in for the relay, with a delay per connection (``--connect-ms``, the TCP and
TLS handshake and greeting of a remote relay) and per message (``--message-ms``). In the same run:

- baseline: the old way, one SMTP connection per recipient inside the request (what a request that
  notifies ``--recipients`` people waited for before the outbox);
- now: the request itself (an introduction request notifying ``--recipients`` facilitators), which
  only writes outbox rows;
- the worker: ``flask worker``'s batch for those messages, over one connection per batch.

Run: ``.venv/bin/python bench/outbox.py`` (SQLite file in a temporary folder).
"""

import argparse
import smtplib
import socketserver
import statistics
import sys
import tempfile
import threading
import time
from email.message import EmailMessage
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

from flask_migrate import upgrade  # noqa: E402

from config import TestConfig  # noqa: E402
from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.models import Organisation, User  # noqa: E402
from webapp.services import accounts, introductions, mail, organisations  # noqa: E402


class SinkHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept mail; sleeps to play a remote relay."""

    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        time.sleep(self.server.connect_s)
        self.reply("220 sink ESMTP")
        in_data = False
        for raw in self.rfile:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if in_data:
                if line == ".":
                    in_data = False
                    time.sleep(self.server.message_s)
                    self.server.messages += 1
                    self.reply("250 OK")
                continue
            verb = line[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb == "DATA":
                in_data = True
                self.reply("354 go on")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


class Sink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, connect_ms, message_ms):
        super().__init__(("127.0.0.1", 0), SinkHandler)
        self.connect_s, self.message_s, self.messages, self.connections = connect_ms / 1000, message_ms / 1000, 0, 0

    def process_request(self, request, client_address):
        self.connections += 1
        super().process_request(request, client_address)


def old_way(port, recipients):
    """What ``send_mail`` did before the outbox: a connection per recipient, in the request."""
    for n in range(recipients):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "bench@passerelle.local", f"f{n}@example.org", "Passerelle : test"
        message.set_content("Bonjour,\n\nNouvelle demande de mise en relation.\n")
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.send_message(message)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--recipients", type=int, default=10, help="facilitators notified by each request")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--connect-ms", type=float, default=50.0)
    parser.add_argument("--message-ms", type=float, default=5.0)
    args = parser.parse_args()

    sink = Sink(args.connect_ms, args.message_ms)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    port = sink.server_address[1]
    folder = tempfile.mkdtemp(prefix="passerelle-outbox-")
    config = type(
        "BenchConfig",
        (TestConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": port,
            "MAIL_USE_TLS": False,
        },
    )
    app = create_app(config)
    with app.app_context():
        upgrade()
        requester = accounts.create_user("official@example.org", "Tr0mbone-Vert-Lagune", name="Official", role="official")
        for n in range(args.recipients):
            accounts.create_user(f"f{n}@example.org", "Tr0mbone-Vert-Lagune", name=f"F {n}", role="facilitator")
        home = organisations.create_organisation({"name": "Saint-Louis", "kind": "commune", "country": "FR"}, member=requester)
        others = [
            organisations.create_organisation({"name": f"Partner {n}", "kind": "commune", "country": "CH"})
            for n in range(args.requests)
        ]
        db.session.commit()
        home_id, other_ids, requester_id = home.id, [o.id for o in others], requester.id

    baseline = []
    for _ in range(args.requests):
        start = time.perf_counter()
        old_way(port, args.recipients)
        baseline.append(time.perf_counter() - start)

    now = []
    for other_id in other_ids:
        with app.app_context():
            start = time.perf_counter()
            introductions.request_introduction(
                db.session.get(User, requester_id),
                db.session.get(Organisation, home_id),
                db.session.get(Organisation, other_id),
                purpose="Bus",
                message="Une ligne commune",
                ambition="shared_service",
            )
            db.session.commit()
            now.append(time.perf_counter() - start)

    connections_before, sent_before = sink.connections, sink.messages
    start = time.perf_counter()
    with app.app_context():
        counts = {"sent": 0}
        while True:
            batch = mail.send_due()
            db.session.commit()
            counts["sent"] += batch["sent"]
            if sum(batch.values()) < mail.BATCH_SIZE:
                break
    worker_s = time.perf_counter() - start
    queued = args.requests * args.recipients

    p50 = statistics.median
    print(
        f"relay: {args.connect_ms:g} ms per connection, {args.message_ms:g} ms per message; "
        f"{args.requests} requests x {args.recipients} recipients"
    )
    print(f"baseline, mail in the request (a connection per recipient): p50 {p50(baseline) * 1000:.1f} ms of mail per request")
    print(
        f"now, the request (outbox rows only):                         p50 {p50(now) * 1000:.1f} ms per request "
        f"(ratio {p50(now) / p50(baseline):.3f})"
    )
    print(
        f"worker: {counts['sent']} of {queued} messages in {worker_s:.2f} s over {sink.connections - connections_before} "
        f"connection(s) ({(worker_s / max(counts['sent'], 1)) * 1000:.1f} ms per message; baseline "
        f"{p50(baseline) / args.recipients * 1000:.1f} ms per message); {sink.messages - sent_before} received by the relay"
    )
    sink.shutdown()


if __name__ == "__main__":
    main()
