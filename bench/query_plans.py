"""Which queries of the trust-scale pages read more than the user's own work.

Runs every page of bench/trust_scale.py once in-process against a built trust,
asks PostgreSQL for the plan of each query it made (EXPLAIN, without running
it again) and lists the sequential scans of big tables and the queries whose
plan expects to read the most rows. A page that costs what its user's work
costs has no sequential scan of a table that grows with the trust.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/harbour_trust_500 \\
        .venv/bin/python bench/query_plans.py
"""

import json
import os
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trust_settings")
# Django records a query with its parameters written in only when they are bound
# on the client; EXPLAIN needs the SQL as it ran.
os.environ.setdefault("HARBOUR_DB_SERVER_SIDE_BINDING", "false")

# A sequential scan of a table this big is reading more than one user's work; a
# scan of a small table (schools, settings, a few sessions) is the planner's
# sensible choice and is not reported.
BIG_TABLE_ROWS = 5000


def walk(node, found):
    found.append(node)
    for child in node.get("Plans", []):
        walk(child, found)
    return found


def main() -> None:
    import django

    django.setup()
    import trust_data  # noqa: I001 - the benchmark's own modules, importable once Django is set up
    import trust_scale
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples >= %s", [BIG_TABLE_ROWS]
        )
        big = {name for (name,) in cursor.fetchall()}
    t = trust_scale._targets()
    api = {persona: Client(HTTP_AUTHORIZATION=f"Bearer {token}") for persona, token in t["tokens"].items()}
    clients = {}
    for persona, username in trust_data.PERSONAS.items():
        clients[persona] = Client()
        user = get_user_model().objects.get(username=username)
        clients[persona].force_login(user)
        trust_data.verify_second_factor(clients[persona], user)
    problems = 0
    sizes = [(persona, name, f"/cases/{t[key]}/") for persona, name, key in trust_scale.CASE_SIZES]
    for persona, name, path in trust_scale.pages(t) + sizes:
        client = api[persona] if path.startswith("/api/") else clients[persona]
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        worst = []
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
            plan = plan if isinstance(plan, list) else json.loads(plan)
            nodes = walk(plan[0]["Plan"], [])
            scans = [n["Relation Name"] for n in nodes if n["Node Type"] == "Seq Scan"]
            scans = [name for name in scans if name in big]
            rows = max(n.get("Plan Rows", 0) for n in nodes)
            cost = plan[0]["Plan"]["Total Cost"]
            worst.append((cost, rows, scans, sql))
        worst.sort(reverse=True)
        flagged = [w for w in worst if w[2]]
        problems += len(flagged)
        scanned = sorted({table for w in flagged for table in w[2]})
        count = len(captured.captured_queries)
        line = f"{persona:<13} {name:<26} {count:3} queries, top cost {worst[0][0]:8.0f}"
        print(line + (f"  SEQ SCAN {scanned}" if scanned else ""))
        for cost, rows, scans, sql in worst[:2] + flagged:
            if cost > 200 or scans:
                print(f"    cost {cost:8.0f} rows {rows:7} {scans or ''} {sql[:260]}")
    print(f"\n{problems} queries scan a table that grows with the trust")


if __name__ == "__main__":
    main()
