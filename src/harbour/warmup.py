"""Work a web process would otherwise do on its first requests, done once before
gunicorn forks its workers (see gunicorn_conf.when_ready).

Every worker starts as a copy of the master. Without this, each new worker —
and gunicorn replaces them every thousand or so requests — compiles each template,
loads the translation catalogue and builds the URL resolver on the first request
that needs them, so the unlucky request takes ten times as long as the next one.
Nothing here opens a database connection: a connection must never be shared by
forked processes."""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import get_resolver
from django.utils import translation


def template_names(directory: Path) -> list[str]:
    return sorted(str(path.relative_to(directory)) for path in directory.rglob("*.html") if path.is_file())


def warm() -> int:
    """Compile every template of every engine into its cache; returns how many."""
    translation.activate(settings.LANGUAGE_CODE)
    get_resolver().reverse_dict  # noqa: B018 - building the lookup tables is the point
    compiled = 0
    for engine in engines.all():
        seen = set()
        for directory in engine.template_dirs:
            for name in template_names(Path(directory)):
                if name not in seen:  # the first directory wins, as in lookups
                    seen.add(name)
                    engine.get_template(name)
                    compiled += 1
    translation.deactivate()
    return compiled
