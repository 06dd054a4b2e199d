"""The real queue in tests: `harbour db_worker` in its own process, reading the
test database, and a small SMTP server on 127.0.0.1 that it delivers to.

tests/conftest.py offers the fixtures `db_worker` and `smtp` to every test.
Only data that is committed is visible to another process, so tests that use
these need `transactional_db` (or `django_db(transaction=True)`)."""

import os
import socketserver
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

HARBOUR = str(Path(sys.executable).with_name("harbour"))
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class _Session(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: no extensions, no TLS, no login."""

    def handle(self):
        self.wfile.write(b"220 127.0.0.1 test SMTP\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 end with a dot\r\n")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                self.server.messages.append(message_from_bytes(data))
                self.wfile.write(b"250 taken\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # EHLO, HELO, MAIL, RCPT, RSET, NOOP
                self.wfile.write(b"250 ok\r\n")


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Session)
        self.messages = []

    def wait_for(self, count: int, timeout: float = 60) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return list(self.messages)


@pytest.fixture
def smtp():
    server = SMTPServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    def __init__(self, env: dict):
        self.env = env
        self.process = None

    def command(self, *flags) -> list[str]:
        return [HARBOUR, "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", *flags]

    def start(self) -> None:
        """Run the worker as a deployment does: until it is stopped."""
        self.process = subprocess.Popen(
            self.command(), env=self.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )

    def run_batch(self) -> str:
        """Run every task waiting, then exit (`--batch`); returns its output."""
        done = subprocess.run(
            self.command("--batch"), env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)


@pytest.fixture
def db_worker(transactional_db, settings, smtp):
    """Tasks go to the database queue; `worker.start()` or `worker.run_batch()`
    runs `harbour db_worker` against the test database, delivering to `smtp`."""
    settings.TASKS = DATABASE_QUEUE
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "HARBOUR_TASKS_BACKEND": "database",
        "HARBOUR_DEBUG": "false",
        "HARBOUR_SECRET_KEY": "test-only-secret-not-for-production",
        "HARBOUR_EVIDENCE_KEYS": settings.EVIDENCE_KEYS,
        "HARBOUR_EVIDENCE_DIR": str(settings.EVIDENCE_DIR),
        "HARBOUR_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "HARBOUR_EMAIL_HOST": "127.0.0.1",
        "HARBOUR_EMAIL_PORT": str(smtp.server_address[1]),
        "HARBOUR_BASE_URL": settings.HARBOUR_BASE_URL,
    }
    env.pop("HARBOUR_EVIDENCE_S3_BUCKET", None)  # the worker must use this test's folder
    worker = Worker(env)
    yield worker
    worker.stop()
