"""Querysets for tables that are only ever added to (audit events, chain
entries). A bulk `.update()` or `.delete()` would rewrite the record without
leaving a trace, so both are refused here, on every database; below the ORM,
database triggers refuse the same (audit/triggers.py)."""

from django.db import models


class AppendOnly(RuntimeError):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly(f"{self.model._meta.verbose_name_plural} are append-only: rows are never updated.")

    def delete(self):
        raise AppendOnly(f"{self.model._meta.verbose_name_plural} are append-only: rows are never deleted.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnly(f"{self._meta.verbose_name_plural} are append-only: rows are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(f"{self._meta.verbose_name_plural} are append-only: rows are never deleted.")
