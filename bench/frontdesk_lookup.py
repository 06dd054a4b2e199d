"""Benchmark: a front-desk lookup at trust scale.

Builds a trust of many schools (people of concern, cases with front-desk
instructions, confirmed restrictions) in its own database, then times what the
front-desk page does for one school's receptionist: the alert search by name,
alias or description. Prints median and 95th percentile in milliseconds.

    .venv/bin/python bench/frontdesk_lookup.py                   # SQLite, var/bench.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/frontdesk_lookup.py

Options: --schools 60 --people 300 --runs 300 (defaults)."""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
os.environ.setdefault("HARBOUR_DEBUG", "true")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")


def build(schools: int, people: int) -> list[int]:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from harbour.cases.models import Case, CaseMember, CasePerson, PersonOfConcern
    from harbour.frontdesk.models import ContactRestriction
    from harbour.schools.models import School, StaffMember, Trust

    rng = random.Random(7)  # noqa: S311 - repeatable test data, not security
    first = ["Lee", "Sam", "Alex", "Jo", "Chris", "Pat", "Kim", "Ray", "Dana", "Terry", "Jamie", "Robin"]
    last = ["Marsh", "Hollis", "Dawson", "Price", "Carter", "Okafor", "Reid", "Ellis", "Morgan", "Hughes"]
    looks = ["black cap", "green jacket", "grey beard", "red coat", "tall", "short dark hair", "glasses"]
    with transaction.atomic():
        user = get_user_model().objects.create(username=f"bench-{time.time_ns()}")
        trust = Trust.objects.create(name=f"Bench Trust {time.time_ns()}")
        school_ids = []
        today = timezone.localdate()
        for s in range(schools):
            school = School.objects.create(trust=trust, name=f"School {s}")
            school_ids.append(school.pk)
            staff = StaffMember.objects.bulk_create(
                [StaffMember(school=school, full_name=f"Staff {s}-{n}") for n in range(40)]
            )
            persons = PersonOfConcern.objects.bulk_create(
                [
                    PersonOfConcern(
                        school=school,
                        name=f"{rng.choice(first)} {rng.choice(last)}",
                        aliases=f"{rng.choice(first)} M" if n % 3 == 0 else "",
                        description=f"{rng.choice(looks)}, {rng.choice(looks)}",
                        created_by=user,
                    )
                    for n in range(people)
                ]
            )
            cases = Case.objects.bulk_create(
                [
                    Case(
                        school=school,
                        owner=staff[0],
                        opened_by=user,
                        colleagues_may_know="front_desk" if n % 4 == 0 else "nothing",
                        front_desk_instruction="Ask them to wait; fetch the deputy head."
                        if n % 4 == 0
                        else "",
                    )
                    for n in range(people // 2)
                ]
            )
            CaseMember.objects.bulk_create(
                [
                    CaseMember(case=c, staff=staff[1 + n % 39], role="employee", added_by=user)
                    for n, c in enumerate(cases)
                ]
            )
            CasePerson.objects.bulk_create(
                [CasePerson(case=c, person=persons[n], added_by=user) for n, c in enumerate(cases)]
            )
            ContactRestriction.objects.bulk_create(
                [
                    ContactRestriction(
                        case=c,
                        person=persons[n],
                        kind="site_ban",
                        reason="x",
                        warned_on=today,
                        representations_by=today,
                        stage="confirmed" if n % 10 == 0 else "warning",
                        created_by=user,
                    )
                    for n, c in enumerate(cases[::5])
                ]
            )
    return school_ids


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=60)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from harbour.frontdesk import selectors

    (ROOT / "var").mkdir(exist_ok=True)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    school_ids = build(args.schools, args.people)
    built = time.perf_counter() - started
    from harbour.cases.models import Case, PersonOfConcern
    from harbour.schools.models import School

    # Counted, not assumed: a database used before holds earlier runs' data too.
    totals = (School.objects.count(), PersonOfConcern.objects.count(), Case.objects.count())
    queries = ["", "marsh", "lee", "black cap", "glasses", "zzz-no-match", "M"]
    timings = []
    for run in range(args.runs):
        school = school_ids[run % len(school_ids)]
        query = queries[run % len(queries)]
        start = time.perf_counter()
        found = selectors.alerts([school], query)
        timings.append((time.perf_counter() - start) * 1000)
        assert all(isinstance(a.name, str) for a in found)
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{connection.vendor}: {totals[0]} schools, {totals[1]} people of concern, {totals[2]} cases in the "
        f"database (this run built {args.schools} schools in {built:.1f}s)\n"
        f"front-desk lookup over {args.runs} runs: median {statistics.median(timings):.1f} ms, "
        f"95th percentile {p95:.1f} ms, worst {timings[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
