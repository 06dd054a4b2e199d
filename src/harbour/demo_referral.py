"""The demo's referral summary (issue 13): on "Your support", Amira said a week
ago that a summary of her case should not go to a specialist stalking service
yet, and four days ago that it may go to the police. So her manager can open the
case's referrals page, prepare the referral summary for the police and download
its PDF, and sees that the stalking service's is refused (with what to do in an
emergency). The incident she keeps out of evidence packs stays out of it.

Called once from demo._build, inside its transaction."""

import datetime

from django.utils import timezone

from harbour.audit.services import Origin
from harbour.demo_trust import at_moment
from harbour.referrals import services
from harbour.referrals.models import Recipient


def load(case, employee) -> None:
    as_employee = Origin(user=employee.user, via="cli")
    now = timezone.now()
    for days, recipient, yes in ((7, Recipient.STALKING_SERVICE, False), (4, Recipient.POLICE, True)):
        with at_moment(now - datetime.timedelta(days=days)):
            services.record_consent(
                origin=as_employee, case=case, employee=employee, recipient=recipient, consents=yes
            )
