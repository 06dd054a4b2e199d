"""Benchmark: building the evidence pack for a big case.

Makes a case with 200 incidents (some corrected) and 50 images (25 phone photos
at 4032×3024 and 25 phone screenshots at 1170×2532, uploaded through the same
service the pages use, so each is checked, encrypted and previewed), then times
the whole background build: reading the record, decrypting previews, laying
out the PDF, reading the originals, writing the ZIP and storing both encrypted.

    .venv/bin/python bench/evidence_pack.py              # SQLite, var/bench-pack.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/evidence_pack.py

Options: --incidents 200 --images 50 --runs 3 (defaults). Prints each run and the median."""

import argparse
import io
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-pack.sqlite3'}")
os.environ.setdefault("HARBOUR_DEBUG", "true")
os.environ.setdefault("HARBOUR_EVIDENCE_DIR", tempfile.mkdtemp(prefix="harbour-bench-evidence-"))
# Each pack's task is queued for a worker that never runs here: the benchmark runs the build itself, timed.
os.environ.setdefault("HARBOUR_TASKS_BACKEND", "database")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harbour.settings")


def picture(rng: random.Random, size: tuple[int, int], fmt: str) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, (rng.randrange(256), rng.randrange(256), rng.randrange(256)))
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(size[0]), rng.randrange(size[1])
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256))
        draw.rectangle((x, y, x + rng.randrange(50, 900), y + rng.randrange(20, 400)), fill=colour)
    for line in range(0, size[1], 90):
        draw.text((40, line), "message text " * 8, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, format=fmt, quality=88) if fmt == "JPEG" else image.save(out, format=fmt)
    return out.getvalue()


def build_case(incidents: int, images: int):
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from harbour.audit.services import Origin
    from harbour.cases import services as case_services
    from harbour.cases.models import PersonOfConcern
    from harbour.evidence import services
    from harbour.schools.models import School, StaffMember

    rng = random.Random(11)  # noqa: S311 - repeatable test data, not security
    stamp = time.time_ns()
    user = get_user_model().objects.create(username=f"bench-{stamp}", first_name="Bench", last_name="Manager")
    school = School.objects.create(name=f"Bench School {stamp}")
    owner = StaffMember.objects.create(school=school, full_name="Bench Manager", user=user)
    employee = StaffMember.objects.create(school=school, full_name="Bench Employee")
    origin = Origin(user=user, via="cli")
    person = PersonOfConcern.objects.create(school=school, name="Bench Person", created_by=user)
    case = case_services.open_case(
        origin=origin, school=school, owner=owner, employees=[employee], people=[person]
    )
    behaviours = ["seeking_out", "following_outside_work", "staring", "unwanted_messages", "unwanted_gifts"]
    places = ["on_site", "near_site", "outside_work", "home", "online"]
    today = timezone.localdate()
    records = []
    for n in range(incidents):
        records.append(
            case_services.record_incident(
                origin=origin,
                case=case,
                values={
                    "employee": employee.pk,
                    "person": person.pk,
                    "occurred_on": (today - datetime.timedelta(days=incidents - n)).isoformat(),
                    "occurred_time": f"{8 + n % 9:02d}:{n % 60:02d}",
                    "location": places[n % len(places)],
                    "channel": "in_person",
                    "behaviours": [behaviours[n % len(behaviours)]],
                    "account": "The person waited by the gate and called out to the employee. " * 6,
                    "impacts": ["distress"] if n % 2 else ["alarm"],
                    "witnesses": "A colleague on gate duty." if n % 3 == 0 else "",
                },
            )
        )
        if n % 10 == 0:
            case_services.amend_incident(
                origin=origin,
                incident=records[-1],
                values={"witnesses": "Two parents at the gate."},
                reason="Added",
            )
    for n in range(images):
        photo = n % 2 == 0
        data = picture(rng, (4032, 3024) if photo else (1170, 2532), "JPEG" if photo else "PNG")
        services.add_evidence(
            origin=origin,
            case=case,
            incident=records[(n * 4) % incidents],
            values={
                "kind": "photo" if photo else "screenshot",
                "description": f"Image {n}",
                "held_where": "harbour",
            },
            upload=services.Upload(name=f"image-{n}.{'jpg' if photo else 'png'}", data=data),
        )
    return case, origin


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=200)
    parser.add_argument("--images", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from harbour.evidence import runner, services
    from harbour.evidence.models import EvidencePack

    (ROOT / "var").mkdir(exist_ok=True)
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    case, origin = build_case(args.incidents, args.images)
    print(
        f"{connection.vendor}: case with {args.incidents} incidents and {args.images} images made in "
        f"{time.perf_counter() - started:.1f} s"
    )
    timings = []
    for run in range(args.runs):
        pack = services.request_pack(origin=origin, case=case)
        started = time.perf_counter()
        runner.build(pack.pk)
        timings.append(time.perf_counter() - started)
        pack = EvidencePack.objects.get(pk=pack.pk)
        assert pack.status == "ready", pack.step
        print(
            f"run {run + 1}: {timings[-1]:.2f} s ({pack.incident_count} incidents, {pack.file_count} files, "
            f"chain of {pack.chain_length})"
        )
    print(f"median {statistics.median(timings):.2f} s over {args.runs} runs")
    shutil.rmtree(os.environ["HARBOUR_EVIDENCE_DIR"], ignore_errors=True)  # the encrypted test files


if __name__ == "__main__":
    main()
