"""Reading the audit trail for the people a case is about."""

from django.db.models import QuerySet

from harbour.audit.models import AuditEvent

ACTION_LABELS = {
    "case.opened": "Opened the case",
    "case.viewed": "Looked at the case",
    "case.listed": "Saw the case in a list",
    "case.status_changed": "Changed the case's status",
    "case.circle_added": "Gave someone sight of the case",
    "case.circle_removed": "Took away someone's sight of the case",
    "case.person_linked": "Linked a person of concern",
    "incident.recorded": "Recorded an incident",
    "incident.viewed": "Looked at an incident",
    "incident.amended": "Corrected an incident",
    "access_log.viewed": "Looked at this access log",
    "evidence.added": "Added evidence",
    "evidence.viewed": "Looked at the evidence",
    "evidence.downloaded": "Downloaded a piece of evidence",
    "evidence.preview_viewed": "Looked at a picture in the evidence",
    "evidence.cctv_requested": "Recorded a CCTV preservation request",
    "evidence.withheld": "Kept something out of evidence packs",
    "evidence.released": "Let something into evidence packs",
    "evidence.pack_requested": "Asked for an evidence pack",
    "evidence.pack_built": "An evidence pack was made",
    "evidence.pack_downloaded": "Downloaded an evidence pack",
    "referral.consent_recorded": "Recorded a choice about sharing a summary of the case",
    "referral.summary_viewed": "Looked at the referral summary for the police or a stalking service",
    "referral.summary_downloaded": "Downloaded the referral summary for the police or a stalking service",
}
# Bookkeeping that says nothing about who looked at or changed the case.
NOT_SHOWN = ("chain.appended",)
# Entries on one page of the access log, newest first (served by the case, -at index).
PAGE_SIZE = 25


def case_events(case) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(case=case)
        .exclude(action__in=NOT_SHOWN)
        .select_related("actor")
        .order_by("-at", "-id")
    )


def describe(event: AuditEvent) -> str:
    return ACTION_LABELS.get(event.action, event.action.replace(".", " ").replace("_", " ").capitalize())
