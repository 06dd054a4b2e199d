import datetime

from django.apps import apps
from django.utils import timezone

from harbour.cases import services as case_services
from harbour.cases.models import Case, CaseStatus
from tests import factories

UTC = datetime.UTC


def close(case, by, at: datetime.datetime) -> Case:
    """Close a case through the service, then set when: the schedule counts from closure."""
    case_services.change_case_status(origin=factories.origin(by), case=case, status=CaseStatus.CLOSED)
    Case.objects.filter(pk=case.pk).update(status_changed_at=at)
    case.refresh_from_db()
    return case


def years_ago(years: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=round(365.25 * years))


def row_counts() -> dict[str, int]:
    """Rows of every table of the app's own models: what a dry run must leave alone."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"contenttypes", "sessions", "admin"}
    }
