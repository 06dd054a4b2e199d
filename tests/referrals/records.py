"""A case record for the referral summary's tests and journey: a screening,
police details, incidents at work and online, one the employee keeps out of packs
(at home: the only one there) and a diary entry they have not shared."""

import datetime

from django.utils import timezone

from harbour.diary import services as diary
from harbour.evidence import services as evidence_services
from harbour.referrals import services as referral_services
from harbour.risk import screening
from harbour.risk import services as risk_services
from tests import factories

KEPT_BACK = "Outside the red door at number 9 Quince Row"
DIARY_SECRET = "Saw the grey hatchback by the allotments again"
HOME_REASON = "The behaviour has reached the employee's home or followed them outside work"
HOME_SIGNAL = "The behaviour has moved into the street or the employee's home"


def build(w):
    factories.record(
        w.case,
        w.manager,
        w.employee,
        w.person,
        days_ago=5,
        location="online",
        channel="social_media",
        behaviours=["unwanted_messages"],
        impacts=["distress"],
        crime_reference="CR/2026/4471",
    )
    w.kept_back = factories.record(
        w.case,
        w.manager,
        w.employee,
        w.person,
        days_ago=3,
        location="home",
        location_detail=KEPT_BACK,
        channel="letter",
        behaviours=["unwanted_gifts"],
    )
    evidence_services.set_withholding(
        origin=factories.origin(w.employee), case=w.case, withheld=True, incident=w.kept_back
    )
    answers = {f.code: "no" for f in screening.FACTORS}
    answers |= {"turning_up": "yes", "substance_misuse": "not_known"}
    risk_services.record_screening(
        origin=factories.origin(w.manager),
        case=w.case,
        fear="somewhat_frightened",
        answers=answers,
        context="Worried about the walk to the station.",
    )
    referral_services.save_police(
        origin=factories.origin(w.manager),
        case=w.case,
        values={
            "intends_to_report": "reported",
            "officer": "PC Dana Holt",
            "stalking_contact": "SPOC Lee Marr",
        },
    )
    diary.write_entry(
        origin=factories.origin(w.employee),
        author=w.employee,
        values={
            "occurred_on": timezone.localdate() - datetime.timedelta(days=2),
            "location": "outside_work",
            "behaviours": ["following_outside_work"],
            "account": DIARY_SECRET,
        },
    )
    return w
