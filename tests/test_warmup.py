"""Warming the app before gunicorn forks: every template compiled once, in the master."""

from pathlib import Path

from django.template import engines
from django.template.loaders.filesystem import Loader

from harbour import warmup


def test_warm_compiles_every_template_so_workers_never_read_one_again(monkeypatch):
    engine = engines["django"]
    for loader in engine.engine.template_loaders:
        loader.reset()  # forget what earlier tests compiled: this test starts cold
    compiled = warmup.warm()
    assert compiled > 50  # every page, partial and e-mail template the app ships

    def no_disk(self, origin):
        raise AssertionError(f"{origin.name} was read from disk after warming")

    # Filesystem and app-directories loaders both read through Loader.get_contents.
    monkeypatch.setattr(Loader, "get_contents", no_disk)
    for directory in engine.template_dirs:
        for name in warmup.template_names(Path(directory)):
            engine.get_template(name)


def test_warm_opens_no_database_connection(django_db_blocker):
    # Forked workers must not share a connection: warming may not touch the database.
    with django_db_blocker.block():
        warmup.warm()
