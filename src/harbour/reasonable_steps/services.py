"""The report's PDF, downloaded: built (reading only) and audited in one
transaction — who, which school or trust, which academic year. No figure is logged."""

from django.db import transaction

from harbour.audit.services import Origin, record_event
from harbour.reasonable_steps import pdf
from harbour.reasonable_steps.selectors import Report


@transaction.atomic
def download_pdf(*, origin: Origin, report: Report, subject) -> bytes:
    """`subject` is the School or Trust the report is about."""
    data = pdf.render(report)
    record_event(
        origin=origin,
        action="reasonable_steps.downloaded",
        obj=subject,
        school=subject if report.scope.kind == "school" else None,
        scope=report.scope.kind,
        year=report.period.code,
        start=report.period.start.isoformat(),
        end=report.period.end.isoformat(),
    )
    return data


def filename(report: Report) -> str:
    return f"harbour-reasonable-steps-{report.scope.kind}-{report.scope.pk}-{report.period.code}.pdf"
