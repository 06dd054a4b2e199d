"""Where one page's time goes, in-process against a built trust:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/harbour_trust_500 \\
        .venv/bin/python bench/profile_page.py USERNAME PATH [RUNS]

Prints the queries, then the time split between the database, building SQL,
templates and the rest, then the functions that took longest."""

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trust_settings")

GROUPS = {
    "database driver": ("psycopg", "sqlite3"),
    "building SQL": ("django/db/models/sql", "django/db/models/expressions", "django/db/models/lookups"),
    "templates": ("django/template",),
}


def main() -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    username, path = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    import trust_data

    client = Client()
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    trust_data.verify_second_factor(client, user)
    for _ in range(3):
        assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    print(f"{len(captured.captured_queries)} queries")
    for query in captured.captured_queries:
        print(f"  {query['time']} {query['sql'][:150]}")
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _ in range(runs):
        client.get(path)
    profile.disable()
    print(f"\n{(time.perf_counter() - started) / runs * 1000:.1f} ms a request (profiled)")
    stats = pstats.Stats(profile)
    totals = dict.fromkeys(GROUPS, 0.0)
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():
        for group, needles in GROUPS.items():
            if any(needle in filename for needle in needles):
                totals[group] += tottime
                break
    everything = sum(v[2] for v in stats.stats.values())
    for group, total in totals.items():
        print(f"  {group:<16} {total / runs * 1000:6.1f} ms")
    print(f"  {'the rest':<16} {(everything - sum(totals.values())) / runs * 1000:6.1f} ms")
    stats.sort_stats("cumulative").print_stats(r"harbour/", 25)


if __name__ == "__main__":
    main()
