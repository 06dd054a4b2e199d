"""Benchmark: Harbour at the scale of a whole trust, over HTTP against `make serve`.

    .venv/bin/python bench/trust_scale.py                  # 500 schools and 10, PostgreSQL
    .venv/bin/python bench/trust_scale.py --schools 100 --small 10 --runs 40

It builds two trusts in their own PostgreSQL databases (bench/trust_data.py: at
500 schools 30,140 staff, 20,110 cases, ~200,000 incidents, 70,000 people of
concern; kept between runs, rebuilt with --rebuild), then for each persona
(employee, line manager, headteacher of the 150-case school, front office, trust
lead) and each main page and API list:

1. one user at a time over HTTP against `make serve` (gunicorn, 4 sync workers by
   default): p50 and p95 of --runs requests;
2. under --concurrency users at once (10 and 50): requests per second, and the
   ratio to the bare page (a login-required Django page served by the same
   process in the same run: bench/trust_urls.py);
3. in-process (Django's test client, no network), the same user's page at the
   small and the big trust: median time and the ratio big / small, measured in
   short turns that alternate between the two trusts (so a slow spell of the
   shared machine falls on both sides of the ratio);
4. the case page of a case with 200 incidents against one with 5.

Results print as tables and go to var/bench/trust_scale.json. Only 127.0.0.1.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
SECRET = "bench-only-secret-" + "x" * 40
EVIDENCE_KEYS = "bench:YmVuY2gtb25seS1ldmlkZW5jZS1rZXktMzItYnl0ZXMh"


def bench_env(database_url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "HARBOUR_DEBUG": "false",
        "HARBOUR_SECRET_KEY": SECRET,
        "HARBOUR_EVIDENCE_KEYS": EVIDENCE_KEYS,
        "HARBOUR_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HARBOUR_SECURE_COOKIES": "false",
        "HARBOUR_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "trust_settings",
        "PYTHONPATH": os.pathsep.join([str(BENCH), str(ROOT / "src")]),
    }
    return env


def _django():
    sys.path[:0] = [str(BENCH), str(ROOT / "src")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trust_settings")
    import django

    django.setup()


# --- inside a subprocess bound to one database ------------------------------------


def cmd_build(args) -> None:
    _django()
    import trust_data
    from django.core.management import call_command

    from harbour.risk import rebuild
    from harbour.schools.models import School

    call_command("migrate", verbosity=0)
    if School.objects.exists():
        print(f"  already built: {School.objects.count()} schools")
        return
    started = time.perf_counter()
    totals = trust_data.build(args.schools)
    print(f"  rows in {time.perf_counter() - started:.0f}s: {totals}")
    started = time.perf_counter()
    rebuilt = rebuild.rebuild_all()
    print(f"  kept state rebuilt in {time.perf_counter() - started:.0f}s: {rebuilt}")
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a real trust


def _targets() -> dict:
    """Sessions, a token and the record ids the measured pages need."""
    import trust_data
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client

    from harbour.api import services as api_services
    from harbour.audit.services import Origin
    from harbour.cases.models import Case
    from harbour.schools.models import School, StaffMember

    school = School.objects.order_by("pk").first()
    sessions, users = {}, {}
    for persona, username in trust_data.PERSONAS.items():
        staff = StaffMember.objects.select_related("user").get(user__username=username)
        client = Client()
        client.force_login(staff.user)
        trust_data.verify_second_factor(client, staff.user)
        sessions[persona] = client.cookies["sessionid"].value
        users[persona] = staff.user.pk
    tokens = {}
    for persona in ("line_manager", "trust_lead"):
        with transaction.atomic():
            user = StaffMember.objects.get(user__username=trust_data.PERSONAS[persona]).user
            _, tokens[persona] = api_services.issue_token(
                origin=Origin(user=user, via="cli"), name="trust-scale bench"
            )
    first_cases = list(Case.objects.filter(school=school).order_by("pk").values_list("pk", flat=True)[:8])
    # The statistics pages read snapshots prepared off the request path; prepare
    # them as the scheduler would, so the pages are timed with figures to show.
    call_command("refresh_statistics", verbosity=0)
    return {
        "sessions": sessions,
        "users": users,
        "tokens": tokens,
        "case_50": first_cases[0],
        "case_5": first_cases[1],
        "case_200": first_cases[2],
        # Each view of an access log is itself in the case's log: the load over
        # HTTP (big trust only) reads one case's and the in-process timing
        # another's, so the one timed at 10 and 500 schools is as long in both
        # rather than longer by every view the load made (10,000 and more a run).
        "case_log": first_cases[3],
        "case_log_http": first_cases[4],
        "employee_case": first_cases[0],
    }


def pages(t: dict) -> list[tuple[str, str, str]]:
    """(persona, page, path): the main pages and API lists of each persona."""
    return [
        ("employee", "My work", "/"),
        ("employee", "Your support", "/your-support/"),
        ("employee", "Diary", "/diary/"),
        ("line_manager", "My work", "/"),
        ("line_manager", "Case list", "/cases/"),
        ("line_manager", "Case page, 50 incidents", f"/cases/{t['case_50']}/"),
        ("line_manager", "People", "/people/"),
        ("line_manager", "API case list", "/api/v1/cases"),
        ("line_manager", "API incidents, 50", f"/api/v1/cases/{t['case_50']}/incidents"),
        ("headteacher", "My work", "/"),
        ("headteacher", "Case list", "/cases/"),
        ("headteacher", "People", "/people/"),
        ("headteacher", "Check-ins", "/check-ins/"),
        ("headteacher", "Access log", f"/cases/{t['case_log']}/access-log/"),
        ("front_office", "Front desk search", "/front-desk/?q=marsh"),
        ("front_office", "Notices", "/notices/"),
        ("headteacher", "Statistics", "/statistics/"),
        ("trust_lead", "Trust patterns", "/trust/patterns/"),
        ("trust_lead", "My work", "/"),
        ("trust_lead", "Statistics", "/statistics/"),
        ("trust_lead", "API statistics", "/api/v1/statistics/"),
    ]


CASE_SIZES = [
    ("headteacher", "Case page, 5 incidents", "case_5"),
    ("headteacher", "Case page, 200", "case_200"),
]


def cmd_prepare(args) -> None:
    """The targets of the HTTP measurements."""
    _django()
    t = _targets()
    t["case_log"] = t["case_log_http"]
    print(json.dumps(t))


def cmd_inprocess(args) -> None:
    """Serve in-process timings of this trust's pages, via the test client: each
    line on stdin names a page ("persona|page") and a number of runs, and the
    answer is a line with that many times in ms. The orchestrator asks the small
    and the big trust's processes in turn, so both are timed under the same
    machine conditions (this shared machine's speed drifts by 2x in minutes)."""
    _django()
    import trust_data
    from django.contrib.auth import get_user_model
    from django.test import Client

    t = _targets()
    users = {p: get_user_model().objects.get(username=u) for p, u in trust_data.PERSONAS.items()}
    clients = {}
    for persona, user in users.items():
        clients[persona] = Client()
        clients[persona].force_login(user)
        trust_data.verify_second_factor(clients[persona], user)
    api = {persona: Client(HTTP_AUTHORIZATION=f"Bearer {token}") for persona, token in t["tokens"].items()}
    paths = {f"{p}|{name}": (p, path) for p, name, path in inprocess_pages(t)}
    warmed = set()
    print(json.dumps(sorted(paths)), flush=True)
    for line in sys.stdin:
        key, runs = json.loads(line)
        persona, path = paths[key]
        client = api[persona] if path.startswith("/api/") else clients[persona]
        times = []
        for _ in range(runs + (0 if key in warmed else 3)):
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{persona} {path}: {response.status_code}")
            times.append(elapsed)
        if key not in warmed:
            times = times[3:]
            warmed.add(key)
        print(json.dumps(times), flush=True)


def inprocess_pages(t: dict) -> list[tuple[str, str, str]]:
    return pages(t) + [(p, name, f"/cases/{t[key]}/") for p, name, key in CASE_SIZES]


class Timer:
    """A running `_inprocess` process bound to one trust's database."""

    def __init__(self, url: str):
        self.process = subprocess.Popen(
            [PYTHON, __file__, "_inprocess"],
            env=bench_env(url),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.keys = json.loads(self._line())

    def _line(self) -> str:
        # Django or a library may print before the answer: the answer is JSON.
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit("The in-process timer stopped.")
            if line.startswith(("[", "{")) and not line.startswith('{"time"'):
                return line

    def times(self, key: str, runs: int) -> list[float]:
        self.process.stdin.write(json.dumps([key, runs]) + "\n")
        self.process.stdin.flush()
        return json.loads(self._line())

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def interleaved(timers: dict, pairs: list[tuple[str, str]], runs: int, rounds: int = 5) -> dict:
    """Median ms of each (timer name, page key), measured in `rounds` short turns
    that alternate between them, so a slow spell of the machine falls on both
    sides of a ratio rather than on one."""
    times = {pair: [] for pair in pairs}
    each = max(1, runs // rounds)
    for _ in range(rounds):
        for pair in pairs:
            name, key = pair
            times[pair] += timers[name].times(key, each)
    return {pair: statistics.median(found) for pair, found in times.items()}


# --- the orchestrating process ------------------------------------------------------


def database_url(base: str, schools: int) -> str:
    return f"{base.rstrip('/')}/harbour_trust_{schools}"


def ensure_database(base: str, schools: int, rebuild: bool) -> str:
    import psycopg

    name = f"harbour_trust_{schools}"
    with psycopg.connect(f"{base.rstrip('/')}/postgres", autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", [name]).fetchone()
        if exists and rebuild:
            conn.execute(f'drop database "{name}" with (force)')
            exists = None
        if not exists:
            conn.execute(f'create database "{name}"')
    url = database_url(base, schools)
    print(f"Building the trust of {schools} schools in {name} (kept for later runs)")
    started = time.perf_counter()
    subprocess.run([PYTHON, __file__, "_build", "--schools", str(schools)], env=bench_env(url), check=True)
    print(f"  ready in {time.perf_counter() - started:.0f}s")
    return url


def _subprocess_json(command: list[str], url: str) -> dict:
    out = subprocess.run([PYTHON, __file__, *command], env=bench_env(url), check=True, capture_output=True)
    return json.loads(out.stdout.decode().strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, port: int, workers: int) -> subprocess.Popen:
    env = {
        **bench_env(url),
        "HARBOUR_WEB_BIND": f"127.0.0.1:{port}",
        "HARBOUR_WEB_WORKERS": str(workers),
        # As compose.yaml runs it: one cache shared by the workers (the statistics'
        # protected tables are built once, not once per worker).
        "HARBOUR_REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
    }
    server = subprocess.Popen(
        ["make", "-s", "serve"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.time() + 120
    while time.time() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"make serve exited: {server.stderr.read().decode()[-2000:]}")
        try:
            conn = HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit("the server did not answer /healthz within two minutes")


def stop_server(server: subprocess.Popen) -> None:
    import signal

    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(server.pid, signal.SIGKILL)


class Target:
    def __init__(self, port: int, path: str, headers: dict):
        self.port, self.path, self.headers = port, path, headers

    def connect(self) -> HTTPConnection:
        return HTTPConnection("127.0.0.1", self.port, timeout=60)

    def get(self, conn: HTTPConnection) -> float:
        started = time.perf_counter()
        conn.request("GET", self.path, headers=self.headers)
        response = conn.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise SystemExit(f"GET {self.path}: {response.status}")
        return elapsed


def one_at_a_time(target: Target, runs: int) -> tuple[float, float]:
    conn = target.connect()
    for _ in range(3):
        target.get(conn)
    times = sorted(target.get(conn) * 1000 for _ in range(runs))
    conn.close()
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def throughput(target: Target, users: int, seconds: float) -> float:
    """Requests per second with `users` clients looping for a bounded time."""
    done = [0] * users
    stop_at = [0.0]
    ready = threading.Barrier(users + 1)

    def client(i: int) -> None:
        conn = target.connect()
        target.get(conn)
        ready.wait()
        while time.perf_counter() < stop_at[0]:
            target.get(conn)
            done[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(users)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.perf_counter() + 1e9
    ready.wait()
    started = time.perf_counter()
    stop_at[0] = started + seconds
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return sum(done) / (time.perf_counter() - started)


def headers_for(t: dict, persona: str, path: str) -> dict:
    if path.startswith("/api/"):
        return {"Authorization": f"Bearer {t['tokens'][persona]}"}
    return {"Cookie": f"sessionid={t['sessions'][persona]}"}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "command", nargs="?", default="run", choices=["run", "_build", "_prepare", "_inprocess"]
    )
    parser.add_argument("--schools", type=int, default=500)
    parser.add_argument("--small", type=int, default=10)
    parser.add_argument("--runs", type=int, default=60, help="requests per page, one user at a time")
    parser.add_argument("--concurrency", default="10,50")
    parser.add_argument("--seconds", type=float, default=6.0, help="length of each load run")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild the bench databases")
    parser.add_argument(
        "--postgres", default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
    )
    args = parser.parse_args()
    if args.command != "run":
        {"_build": cmd_build, "_prepare": cmd_prepare, "_inprocess": cmd_inprocess}[args.command](args)
        return
    if urlsplit(args.postgres).hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("The benchmark talks only to this machine.")

    small = ensure_database(args.postgres, args.small, args.rebuild)
    big = ensure_database(args.postgres, args.schools, args.rebuild)

    print("In-process times (same user, small and big trust, interleaved)")
    timers = {"small": Timer(small), "big": Timer(big)}
    try:
        medians = {}
        case_keys = [f"{p}|{n}" for p, n, _ in CASE_SIZES]
        for key in timers["big"].keys:
            if key not in case_keys:
                medians.update(interleaved(timers, [("small", key), ("big", key)], args.runs // 2))
        # The two case sizes also in turn, in the big trust.
        medians.update(interleaved(timers, [("big", key) for key in case_keys], args.runs // 2))
    finally:
        for timer in timers.values():
            timer.close()
    inproc_small = {key: ms for (name, key), ms in medians.items() if name == "small"}
    inproc_big = {key: ms for (name, key), ms in medians.items() if name == "big"}

    t = _subprocess_json(["_prepare"], big)
    port = free_port()
    print(f"Serving the {args.schools}-school trust with make serve ({args.workers} workers) on port {port}")
    server = start_server(big, port, args.workers)
    rows = []
    try:
        bare = Target(port, "/bench/bare/", headers_for(t, "line_manager", "/"))
        wanted = pages(t)
        results = {"bare": {"single": one_at_a_time(bare, args.runs)}}
        for persona, name, path in wanted:
            target = Target(port, path, headers_for(t, persona, path))
            results[f"{persona}|{name}"] = {"single": one_at_a_time(target, args.runs)}
        levels = [int(c) for c in args.concurrency.split(",") if c]
        for users in levels:
            bare_rps = [throughput(bare, users, args.seconds)]
            for persona, name, path in wanted:
                target = Target(port, path, headers_for(t, persona, path))
                results[f"{persona}|{name}"][users] = throughput(target, users, args.seconds)
            bare_rps.append(throughput(bare, users, args.seconds))
            results["bare"][users] = statistics.mean(bare_rps)
    finally:
        stop_server(server)

    header = f"{'persona':<13} {'page':<26} {'p50 ms':>7} {'p95 ms':>7}"
    for users in levels:
        header += f" {f'rps@{users}':>8} {'vs bare':>8}"
    header += f" {f'in-proc {args.small}':>11} {f'in-proc {args.schools}':>12} {'ratio':>6}"
    print()
    print(header)
    print("-" * len(header))
    for key in ["bare", *[f"{p}|{n}" for p, n, _ in wanted]]:
        persona, _, name = key.partition("|")
        r = results[key]
        p50, p95 = r["single"]
        line = f"{persona:<13} {name or 'bare login-required page':<26} {p50:7.1f} {p95:7.1f}"
        for users in levels:
            line += f" {r[users]:8.0f} {r[users] / results['bare'][users]:7.0%} "
        if key in inproc_big:
            s, b = inproc_small[key], inproc_big[key]
            line += f" {s:9.1f}ms {b:10.1f}ms {b / s:5.2f}x"
        print(line)
        rows.append({"page": key, **{str(k): v for k, v in r.items()}})
    five, two_hundred = (inproc_big[f"{p}|{n}"] for p, n, _ in CASE_SIZES)
    print(
        f"\nCase page in-process: 5 incidents {five:.1f} ms, 200 incidents {two_hundred:.1f} ms "
        f"({two_hundred / five:.2f}x)"
    )
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "trust_scale.json").write_text(
        json.dumps({"http": rows, "inprocess_small": inproc_small, "inprocess_big": inproc_big}, indent=2)
    )


if __name__ == "__main__":
    main()
