"""The demo's "employee kept informed and safe" (issue 13): Riverside's support
resources for staff (its employee assistance programme and a local service beside
the national helplines), and Amira's own travel arrangement, recorded by her twice
(the first version kept as its history), with the plan's emergency-contacts action
then put in place, so her timeline on "Your support" shows it.

Called once from demo._build, inside its transaction; the rest of the story
(the timeline's meetings, actions, warning and risk review, and the risk reasons
Harbour gives on Amira's case) comes from the records demo.py writes."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from harbour.audit.services import Origin
from harbour.plans import services as plan_services
from harbour.plans import travel
from harbour.plans.models import TravelArrangement
from harbour.schools import support

EMPLOYEE_ASSISTANCE = {
    "employee_assistance_name": "Northbrook Staff Wellbeing Line",
    "employee_assistance_phone": "0800 123 4567",
    "employee_assistance_url": "https://wellbeing.northbrook.example",
    "employee_assistance_about": "Free, confidential counselling for all trust staff, day and night. "
    "You do not need to tell the school that you have called.",
}
LOCAL_HELPLINE = {
    "name": "Millbrook Domestic Abuse and Stalking Service",
    "phone": "01632 960 442",
    "url": "https://millbrook-dass.example",
    "about": "A local advocate who can go with you to the police and help you plan for your safety.",
}

# Amira's arrangement as it stands, and as she first wrote it.
FIRST_TRAVEL = {
    "contact_name": "Yusuf Hassan",
    "contact_relationship": "Partner",
    "contact_phone": "07700 900461",
}
TRAVEL = {
    **FIRST_TRAVEL,
    "second_contact_name": "Leila Hassan",
    "second_contact_relationship": "Sister",
    "second_contact_phone": "07700 900582",
    "check_in_with": "Yusuf",
    "check_in_when": "A text when I leave school and another when I get home, by 5.30pm on weekdays.",
    "if_no_check_in": "Yusuf rings me. If I do not answer he rings the school office, then 999.",
    "shared_with_case_team": True,
}


def load(school, staff: dict, case, today: datetime.date) -> None:
    """Riverside's support resources; Amira's travel arrangement on `case`."""
    User = get_user_model()
    as_head = Origin(user=User.objects.get(username="helen"), via="cli")
    as_amira = Origin(user=User.objects.get(username="amira"), via="cli")
    as_manager = Origin(user=User.objects.get(username="daniel"), via="cli")
    support.save_support_resources(
        origin=as_head,
        school=school,
        values={**EMPLOYEE_ASSISTANCE, "show_national_helplines": True, "local_helplines": [LOCAL_HELPLINE]},
    )
    for values, days_ago in ((FIRST_TRAVEL, 13), (TRAVEL, 11)):
        arrangement = travel.record(origin=as_amira, case=case, values=values)
        # Dated as if written then, like the rest of the demo's history (not chained).
        at = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=days_ago), datetime.time(19, 40))
        )
        TravelArrangement.objects.filter(pk=arrangement.pk).update(recorded_at=at)
    contacts = case.plan_actions.get(measure="travel_emergency_contacts")
    plan_services.update_action(
        origin=as_manager,
        action=contacts,
        values={
            "agreed": "Amira keeps her emergency contacts and check-in arrangement up to date in Harbour; "
            "Chris checked the numbers match her staff record.",
            "owner": staff["Chris Morgan"],
            "status": "in_place",
            "in_place_on": today - datetime.timedelta(days=10),
            "next_review_on": today + datetime.timedelta(days=3),
        },
    )
