"""Backup and restore: the database, the encrypted evidence files as they are
stored, and a manifest that says what is there and how to check it.

The database goes out as Django's portable JSON (dumpdata in dependency order,
each row with its own id, content types by name), a format that is not tied to
one database (the restore drill runs on each; SQLite to PostgreSQL is untested);
loaddata resets PostgreSQL's sequences after it. Evidence files are copied as
stored: still encrypted, with the id of the key that encrypted each. The keys
(HARBOUR_EVIDENCE_KEYS) are NOT in a backup: keep them apart, or the files are
unreadable; keep them together with the backup, and the backup is readable by
whoever holds it. Sessions, sign-in lock-outs and queued tasks are left out: they
are about the moment, not the record.

A backup is a folder, or one .tar.gz file:
    manifest.json      format, app version, database vendor, migrations applied,
                       rows per model, and the SHA-256 and size of every file
    database.json      the rows
    evidence/ab/ab…    each evidence blob, under its stored name"""

import datetime
import hashlib
import io
import json
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.core import management, serializers
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

from harbour.evidence import storage

FORMAT = "harbour-backup/1"
SERIALIZER = "harbour-json"  # Django's JSON, times to the microsecond (serializer.py)
# Not the record: recreated by migrate (content types, permissions), or about the
# moment the backup was taken (sessions, sign-in lock-outs, queued tasks).
LEFT_OUT_APPS = {"contenttypes", "sessions", "axes", "django_tasks_db"}
LEFT_OUT_MODELS = {"auth.permission"}


class BackupError(Exception):
    """Something the operator must fix; the message says what."""


@dataclass
class Restored:
    counts: dict
    files: int
    differences: list = field(default_factory=list)


def _models():
    """The models a backup holds, as app_label.model_name."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label not in LEFT_OUT_APPS
        and model._meta.label_lower not in LEFT_OUT_MODELS
        and not model._meta.proxy
        and model._meta.managed
    ]


def counts() -> dict:
    return {model._meta.label_lower: model._base_manager.count() for model in _models()}


def _migrations() -> dict:
    applied = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _version() -> str:
    try:
        return metadata.version("harbour")
    except metadata.PackageNotFoundError:
        return "unknown"


@contextmanager
def _snapshot():
    """One transaction that sees the database as it was when it began, so the rows
    and their counts agree even while people keep working."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def create(destination: Path) -> dict:
    """Write a backup to `destination` (a new or empty folder, or a .tar.gz file); returns its manifest."""
    destination = Path(destination)
    as_archive = destination.name.endswith((".tar.gz", ".tgz"))
    if as_archive and destination.exists():
        raise BackupError(f"{destination} already exists; a backup never overwrites one.")
    if not as_archive and destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty; give a new folder or a .tar.gz file name.")
    with tempfile.TemporaryDirectory(prefix="harbour-backup-") as work:
        folder = Path(work) if as_archive else destination
        folder.mkdir(parents=True, exist_ok=True)
        manifest = _write(folder)
        if as_archive:
            destination.parent.mkdir(parents=True, exist_ok=True)
            partial = destination.with_name(destination.name + ".partial")
            with tarfile.open(partial, "w:gz") as archive:
                for path in sorted(folder.rglob("*")):
                    archive.add(path, arcname=str(path.relative_to(folder)), recursive=False)
            partial.replace(destination)  # whole or not at all
    return manifest


def _write(folder: Path) -> dict:
    rows = io.StringIO()
    serializers.register_serializer(SERIALIZER, "harbour.backups.serializer")
    with _snapshot():
        management.call_command(
            "dumpdata",
            *[model._meta.label for model in _models()],
            # Content types by name (migrate recreates them with other ids); every
            # row keeps its own id, which the hash chains and references hold.
            natural_foreign=True,
            natural_primary=False,
            use_base_manager=True,
            format=SERIALIZER,
            indent=None,
            stdout=rows,
        )
        row_counts = counts()
        migrations = _migrations()
    database = rows.getvalue().encode()
    (folder / "database.json").write_bytes(database)
    files, keys = [], set()
    for name in storage.stored_names():
        blob = storage.read_stored(name)
        keys.add(storage.key_id_of(blob))
        path = folder / "evidence" / storage.location_of(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(blob)
        files.append({"name": name, "sha256": _sha256(blob), "size": len(blob)})
    manifest = {
        "format": FORMAT,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "app_version": _version(),
        "database": {
            "vendor": connection.vendor,
            "file": "database.json",
            "sha256": _sha256(database),
            "size": len(database),
        },
        "migrations": migrations,
        "counts": row_counts,
        "evidence": {
            "files": files,
            "encrypted_with_keys": sorted(keys),
            "keys_included": False,
        },
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return manifest


@contextmanager
def _opened(source: Path):
    source = Path(source)
    if source.is_dir():
        yield source
        return
    if not source.is_file():
        raise BackupError(f"There is no backup at {source}.")
    with tempfile.TemporaryDirectory(prefix="harbour-restore-") as work:
        try:
            with tarfile.open(source, "r:*") as archive:
                archive.extractall(work, filter="data")  # nothing outside the folder, no links out
        except (tarfile.TarError, OSError) as error:
            raise BackupError(f"{source} is not a readable backup archive: {error}") from None
        yield Path(work)


def check(folder: Path) -> tuple[dict, list[str]]:
    """The manifest, and every way the files differ from it."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        raise BackupError("The backup has no readable manifest.json.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"This is not a {FORMAT} backup (format {manifest.get('format')!r}).")
    problems = []
    database = folder / manifest["database"]["file"]
    if not database.is_file() or _sha256(database.read_bytes()) != manifest["database"]["sha256"]:
        problems.append("database.json is missing or does not match its SHA-256 in the manifest")
    listed = set()
    for item in manifest["evidence"]["files"]:
        listed.add(item["name"])
        path = folder / "evidence" / storage.location_of(item["name"])
        if not path.is_file():
            problems.append(f"evidence file {item['name']} is missing")
        elif _sha256(path.read_bytes()) != item["sha256"]:
            problems.append(f"evidence file {item['name']} does not match its SHA-256 in the manifest")
    for path in (folder / "evidence").rglob("*") if (folder / "evidence").exists() else ():
        if path.is_file() and path.name not in listed:
            problems.append(f"evidence file {path.name} is not in the manifest")
    return manifest, problems


def _empty() -> bool:
    return not any(count for count in counts().values()) and not storage.stored_names()


def restore(source: Path, *, force: bool = False, log=lambda line: None) -> Restored:
    """Restore a backup into this (migrated) database and evidence store."""
    with _opened(source) as folder:
        manifest, problems = check(folder)
        if problems:
            raise BackupError("The backup does not match its manifest:\n  - " + "\n  - ".join(problems))
        applied = _migrations()
        unknown = [
            f"{app}.{name}"
            for app, names in manifest["migrations"].items()
            for name in names
            if name not in applied.get(app, [])
        ]
        if unknown:
            raise BackupError(
                "The backup was taken by a newer Harbour, or before `harbour migrate` ran here; "
                "these migrations are not applied: " + ", ".join(unknown[:10])
            )
        if not _empty():
            if not force:
                raise BackupError(
                    "This database or evidence store already holds records. Restore replaces them "
                    "all: run it again with --force to do that."
                )
            log("Removing the records and evidence files already here (--force).")
            management.call_command("flush", interactive=False, verbosity=0)
            for name in storage.stored_names():
                storage.remove(name)
        with transaction.atomic():
            management.call_command("loaddata", str(folder / "database.json"), verbosity=0)
        for item in manifest["evidence"]["files"]:
            blob = (folder / "evidence" / storage.location_of(item["name"])).read_bytes()
            storage.write_stored(item["name"], blob)
        restored = counts()
        differences = [
            f"{label}: {manifest['counts'].get(label, 0)} in the backup, {restored.get(label, 0)} restored"
            for label in sorted(set(manifest["counts"]) | set(restored))
            if manifest["counts"].get(label, 0) != restored.get(label, 0)
        ]
        return Restored(counts=restored, files=len(manifest["evidence"]["files"]), differences=differences)
