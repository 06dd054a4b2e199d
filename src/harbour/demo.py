"""The demo school: a fictional school with staff in every role and three cases
(a low-level one, one that meets the course-of-conduct test, one of sexual
harassment), in a trust whose six other schools and two years of history are
built by demo_trust.py. Loading it twice changes nothing."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from harbour import demo_observations, demo_orders, demo_referral, demo_support, demo_trust
from harbour.audit.services import Origin
from harbour.cases import confidentiality
from harbour.cases import services as case_services
from harbour.cases.models import Case, CaseStatusChange
from harbour.diary import services as diary_services
from harbour.diary.models import DiaryEntry
from harbour.evidence import chain
from harbour.frontdesk import services as frontdesk_services
from harbour.plans import services as plan_services
from harbour.plans.models import Meeting, PlanAction
from harbour.prevention import services as prevention_services
from harbour.referrals import services as referral_services
from harbour.risk import services as risk_services
from harbour.schools import services as school_services
from harbour.schools.models import Role, School, StaffMember, Trust

DEMO_PASSWORD = "harbour-demo-2026"
TRUST_NAME = "Northbrook Learning Trust"
SCHOOL_NAME = "Riverside Primary School"


@dataclass(frozen=True)
class DemoPerson:
    username: str | None
    full_name: str
    job_title: str
    roles: tuple[str, ...]


STAFF = (
    DemoPerson("helen", "Helen Carter", "Headteacher", (Role.HEADTEACHER,)),
    DemoPerson("daniel", "Daniel Price", "Deputy Headteacher", (Role.LINE_MANAGER,)),
    DemoPerson("amira", "Amira Hassan", "Year 4 Teacher", ()),
    DemoPerson("tom", "Tom Bennett", "Teaching Assistant", ()),
    DemoPerson("grace", "Grace Okafor", "Year 6 Teacher", ()),
    DemoPerson("sam", "Sam Lewis", "SENCo and Workplace Champion", (Role.WORKPLACE_CHAMPION,)),
    DemoPerson("joanne", "Joanne Reid", "Receptionist", (Role.FRONT_OFFICE,)),
    DemoPerson("mark", "Mark Ellis", "Trust Director of People", (Role.TRUST_LEAD,)),
    DemoPerson("chris", "Chris Morgan", "School Business Manager", (Role.ADMINISTRATOR,)),
    DemoPerson(None, "Ruth Adeyemi", "Year 3 Teacher", ()),
    DemoPerson(None, "Owen Hughes", "Site Manager", ()),
)

SIGN_INS = (
    ("employee", "amira"),
    ("line manager", "daniel"),
    ("headteacher", "helen"),
    ("workplace champion", "sam"),
    ("front office", "joanne"),
    ("trust lead", "mark"),
    ("administrator", "chris"),
)


def sign_ins() -> list[tuple[str, str, str]]:
    return [(role, username, DEMO_PASSWORD) for role, username in (*SIGN_INS, *demo_trust.SIGN_INS)]


def load(*, schools: bool = True) -> bool:
    """Create the demo school unless it is there already, then (unless `schools`
    is False) the trust's other schools around it (demo_trust.py). Returns True if
    anything was created. Tests that need only Riverside's story pass schools=False."""
    created = False
    if not School.objects.filter(name=SCHOOL_NAME, trust__name=TRUST_NAME).exists():
        # The invented history is back-dated just after each record is saved, so its
        # chain entries are made once the history is written (chain.deferred).
        with transaction.atomic(), chain.deferred():
            _build()
        created = True
    if schools:
        created = demo_trust.load(Trust.objects.get(name=TRUST_NAME)) or created
    return created


def _build() -> None:
    User = get_user_model()
    system = Origin(user=None, via="cli")
    trust = Trust.objects.create(name=TRUST_NAME)
    school = School.objects.create(
        trust=trust,
        name=SCHOOL_NAME,
        unacceptable_actions_policy_url="https://riverside.example/policies/unacceptable-actions",
        cctv_policy_url="https://riverside.example/policies/cctv",
    )
    staff = {}
    for person in STAFF:
        member = school_services.save_staff(
            origin=system,
            school=school,
            values={
                "full_name": person.full_name,
                "job_title": person.job_title,
                "email": f"{person.full_name.split()[0].lower()}@riverside.example",
                "is_active": True,
                "roles": list(person.roles),
            },
        )
        if person.username:
            user = school_services.create_sign_in(
                origin=system, staff=member, username=person.username, password=DEMO_PASSWORD
            )
            first, _, last = person.full_name.partition(" ")
            User.objects.filter(pk=user.pk).update(first_name=first, last_name=last)
        staff[person.full_name] = member
    _awareness(staff, timezone.localdate())
    school.workplace_champion = staff["Sam Lewis"]
    school.save(update_fields=["workplace_champion"])
    StaffMember.objects.filter(
        pk__in=[staff[name].pk for name in ("Amira Hassan", "Tom Bennett", "Grace Okafor", "Ruth Adeyemi")]
    ).update(line_manager=staff["Daniel Price"])

    manager = staff["Daniel Price"]
    as_manager = Origin(user=User.objects.get(username="daniel"), via="cli")
    today = timezone.localdate()

    def day(days_ago: int) -> str:
        return (today - datetime.timedelta(days=days_ago)).isoformat()

    def incident(case, employee, person, days_ago, time, **values):
        # The demo's history is invented, so its entries are saved as if they had been
        # written on the day (and chained that way, so `harbour verify` holds); real
        # entries always carry the moment they were saved.
        written = timezone.make_aware(
            datetime.datetime.combine(today - datetime.timedelta(days=days_ago), datetime.time(17, 30))
        )
        with transaction.atomic():
            return case_services._create_incident(
                origin=as_manager,
                case=case,
                recorded_at=written,
                values={
                    "employee": employee.pk,
                    "person": person.pk if person else None,
                    "occurred_on": day(days_ago),
                    "occurred_time": time,
                    **values,
                },
            )

    def opened(case, days_ago: int) -> None:
        # As with incidents: the invented history is dated as if it had happened then.
        at = timezone.now() - datetime.timedelta(days=days_ago)
        Case.objects.filter(pk=case.pk).update(opened_at=at, status_changed_at=at)
        CaseStatusChange.objects.filter(case=case).update(at=at)

    # 1. Low-level: a parent who will only deal with one teaching assistant.
    dawson = case_services.create_person(
        origin=as_manager,
        school=school,
        values={
            "relationship": "parent_carer",
            "name": "Keith Dawson",
            "aliases": "",
            "description": "Tall, grey beard, usually in a dark green work jacket.",
            "vehicle": "",
            "context": "Father of a pupil in Year 2.",
        },
    )
    low = case_services.open_case(
        origin=as_manager, school=school, owner=manager, employees=[staff["Tom Bennett"]], people=[dawson]
    )
    incident(
        low,
        staff["Tom Bennett"],
        dawson,
        12,
        "08:40",
        location="on_site",
        location_detail="Year 2 door",
        channel="in_person",
        behaviours=["fixation_on_employee", "comments_on_appearance"],
        account="Mr Dawson waited at the Year 2 door and said he would only hand his son over to Tom. "
        "He remarked that Tom 'always looks smart for him'. Tom felt uncomfortable but not afraid.",
        impacts=["other"],
        impact_detail="Uncomfortable at drop-off.",
        action_taken="Class teacher took over.",
    )

    # 2. Meets the course-of-conduct test: escalating attention towards a teacher.
    marsh = case_services.create_person(
        origin=as_manager,
        school=school,
        values={
            "relationship": "parent_carer",
            "name": "Lee Marsh",
            "aliases": "Lee M (Facebook)",
            "description": "Slim, about 5'10\", short dark hair, often wears a black baseball cap.",
            "vehicle": "Silver Ford Focus, registration partly seen: KD19",
            "context": "Parent of a pupil in Year 4.",
        },
    )
    conduct_case = case_services.open_case(
        origin=as_manager, school=school, owner=manager, employees=[staff["Amira Hassan"]], people=[marsh]
    )
    amira = staff["Amira Hassan"]
    opened(conduct_case, 57)
    playground = incident(
        conduct_case,
        amira,
        marsh,
        58,
        "15:20",
        location="on_site",
        location_detail="Playground",
        channel="in_person",
        behaviours=["seeking_out", "comments_on_appearance"],
        account="After pick-up Mr Marsh came back into the playground to find Amira, with no question "
        "about his child. He commented on her hair and asked where she lives.",
        impacts=["alarm"],
        witnesses="Ruth Adeyemi (Year 3 teacher) saw him return.",
    )
    first_gift = incident(
        conduct_case,
        amira,
        marsh,
        40,
        "08:30",
        location="on_site",
        location_detail="Reception",
        channel="letter",
        behaviours=["unwanted_gifts"],
        account="A card and flowers addressed to Amira were left at reception. The card was signed 'L' and "
        "said he thinks about her every day.",
        impacts=["distress"],
        action_taken="Card kept in a sealed envelope in the head's office.",
    )
    incident(
        conduct_case,
        amira,
        marsh,
        19,
        "17:50",
        time_is_approximate=True,
        location="outside_work",
        location_detail="Tesco car park, Mill Road",
        channel="in_person",
        behaviours=["following_outside_work"],
        account="Amira saw the silver Focus behind her from school to the supermarket. Mr Marsh parked "
        "two spaces away and watched her go in. He left when she phoned her partner.",
        impacts=["fear_of_violence", "change_of_routine"],
        impact_detail="Amira now asks a colleague to walk her to her car.",
        reported_to_police=True,
        crime_reference="NB-26-114872",
        police_officer="PC J. Whitfield",
    )
    messages = incident(
        conduct_case,
        amira,
        marsh,
        6,
        "21:15",
        location="online",
        channel="social_media",
        behaviours=["information_gathering", "unwanted_messages"],
        account="A friend request and three messages to Amira's private Instagram account from 'Lee M', "
        "including a photo of the school gate.",
        impacts=["fear_of_violence"],
        action_taken="Amira blocked the account and kept screenshots.",
    )
    first_meeting = plan_services.record_meeting(
        origin=as_manager,
        case=conduct_case,
        held_on=today - datetime.timedelta(days=56),
        next_meeting_on=today - datetime.timedelta(days=42),
        areas={
            "explore": {
                "covered": True,
                "notes": "Amira described Mr Marsh returning to the playground for her.",
            },
            "not_at_fault": {
                "covered": True,
                "notes": "Made clear that being warm with parents is not the cause.",
            },
            "seriously": {"covered": True, "notes": ""},
            "privately": {"covered": True, "notes": "Met in the head's office after school."},
            "confidentiality": {
                "covered": True,
                "notes": "Reception and Ruth may know; nobody else for now.",
            },
            "police": {"covered": True, "notes": "Not yet; will report if it happens again. Wants support."},
            "champion": {"covered": True, "notes": "Gave Sam Lewis's details."},
            "actions": {
                "covered": True,
                "notes": "Colleague walks her to her car; reception redirects Mr Marsh.",
            },
            "next_meeting": {"covered": True, "notes": "Two weeks, sooner if anything happens."},
        },
    )
    Meeting.objects.filter(pk=first_meeting.pk).update(
        recorded_at=timezone.now() - datetime.timedelta(days=56)
    )
    _plan_and_choices(
        school=school,
        case=conduct_case,
        staff=staff,
        as_manager=as_manager,
        as_head=Origin(user=User.objects.get(username="helen"), via="cli"),
        as_amira=Origin(user=User.objects.get(username="amira"), via="cli"),
        today=today,
    )
    case_services.amend_incident(
        origin=as_manager,
        incident=first_gift,
        values={"location_detail": "Reception desk, handed to Joanne Reid"},
        reason="Joanne confirmed the card was handed to her, not left on the desk.",
    )
    _evidence(
        case=conduct_case,
        as_manager=as_manager,
        playground=playground,
        gift=first_gift,
        messages=messages,
        today=today,
    )

    # Prevention: regular check-ins, one of which first surfaced Lee Marsh's behaviour.
    for name, days_ago, concern, notes in (
        ("Amira Hassan", 60, "yes", "Mentioned a parent who keeps finding her after pick-up."),
        ("Tom Bennett", 30, "not_sure", "A dad asks for him by name every morning."),
        ("Ruth Adeyemi", 21, "no", ""),
    ):
        prevention_services.record_check_in(
            origin=as_manager,
            employee=staff[name],
            held_on=today - datetime.timedelta(days=days_ago),
            concern=concern,
            notes=notes,
        )
    prevention_services.complete_online_check(
        origin=Origin(user=User.objects.get(username="amira"), via="cli"),
        employee=staff["Amira Hassan"],
        completed_on=today - datetime.timedelta(days=18),
        items=["social_media_private", "photos_reviewed", "contact_details_checked"],
    )

    # 3. Sexual harassment by a contractor.
    hollis = case_services.create_person(
        origin=as_manager,
        school=school,
        values={
            "relationship": "contractor",
            "name": "Gary Hollis",
            "aliases": "",
            "description": "Heavy build, shaved head, company polo shirt.",
            "vehicle": "White van with 'Hollis Maintenance' signwriting",
            "context": "Contracted for heating repairs.",
        },
    )
    harassment = case_services.open_case(
        origin=as_manager,
        school=school,
        owner=staff["Helen Carter"],
        employees=[staff["Grace Okafor"]],
        people=[hollis],
    )
    grace = staff["Grace Okafor"]
    opened(harassment, 9)
    incident(
        harassment,
        grace,
        hollis,
        9,
        "12:10",
        location="on_site",
        location_detail="Year 6 corridor",
        channel="in_person",
        behaviours=["sexual_comments", "staring"],
        account="While working on the radiators Mr Hollis made a sexual remark about Grace's body and "
        "stared at her as she walked past with her class.",
        impacts=["distress"],
        witnesses="Two Year 6 pupils were nearby.",
    )
    incident(
        harassment,
        grace,
        hollis,
        3,
        "12:35",
        location="on_site",
        location_detail="Staff room doorway",
        channel="in_person",
        behaviours=["touching"],
        account="Mr Hollis put his hand on Grace's lower back as she passed him in the doorway and "
        "made a comment. Grace told the headteacher straight away.",
        impacts=["distress", "alarm"],
        action_taken="Contractor asked to leave site; company informed.",
    )
    # The headteacher banned the contractor from the site after the warning period.
    as_head = Origin(user=User.objects.get(username="helen"), via="cli")
    ban = frontdesk_services.warn(
        origin=as_head,
        case=harassment,
        person=hollis,
        values={
            "kind": "site_ban",
            "reason": "Made sexual remarks to a member of staff and touched her without consent.",
            "warned_on": today - datetime.timedelta(days=3),
            "representations_by": today - datetime.timedelta(days=1),
        },
    )
    frontdesk_services.decide(
        origin=as_head,
        restriction=ban,
        confirm=True,
        reason="No representations received. The company has been told he may not return.",
        review_on=today + datetime.timedelta(days=180),
    )
    # Lee Marsh has been warned; his deadline for representations has not passed.
    frontdesk_services.warn(
        origin=as_head,
        case=conduct_case,
        person=marsh,
        values={
            "kind": "named_colleague",
            "details": "Daniel Price, deputy headteacher.",
            "reason": "Repeatedly seeking out a member of staff, following her outside school and "
            "contacting her online.",
            "warned_on": today - datetime.timedelta(days=2),
            "representations_by": today + datetime.timedelta(days=12),
        },
    )
    demo_orders.load(case=conduct_case, person=marsh, as_manager=as_manager, reception="joanne")
    demo_observations.load(staff)
    demo_support.load(school, staff, conduct_case, today)
    demo_referral.load(conduct_case, amira)


# Days since each of Riverside's staff passed the awareness module (due again yearly):
# most are current, Grace's and Joanne's passes have fallen due, and Tom, Owen and
# Chris have never taken it.
AWARENESS_DAYS_AGO = {
    "Helen Carter": 80,
    "Daniel Price": 78,
    "Amira Hassan": 190,
    "Sam Lewis": 95,
    "Mark Ellis": 60,
    "Ruth Adeyemi": 33,
    "Grace Okafor": 410,
    "Joanne Reid": 385,
}


def _awareness(staff, today) -> None:
    from harbour.awareness import services as awareness
    from harbour.awareness.content import CORRECT

    for name, days_ago in AWARENESS_DAYS_AGO.items():
        member, day = staff[name], today - datetime.timedelta(days=days_ago)
        moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(16, 15)))
        with demo_trust.at_moment(moment):
            awareness.submit_answers(
                origin=Origin(user=member.user, via="cli"), staff=[member], answers=CORRECT, on=day
            )


def _plan_and_choices(*, school, case, staff, as_manager, as_head, as_amira, today) -> None:
    """Amira's case after the review meeting: her confidentiality choices, the
    police report, an action plan part in place and part waiting for the head,
    and a diary entry she has not shared yet."""

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    confidentiality.set_choices(
        origin=as_amira,
        case=case,
        colleagues_may_know="front_desk",
        front_desk_instruction="Do not say whether Mrs Hassan is in school. Ask Mr Marsh to wait in "
        "reception and call Daniel Price or the headteacher.",
        champion_sees="support",
    )
    plan_services.record_meeting(
        origin=as_manager,
        case=case,
        held_on=ago(14),
        next_meeting_on=today + datetime.timedelta(days=3),
        areas={
            "explore": {"covered": True, "notes": "The car park incident frightened her."},
            "police": {"covered": True, "notes": "Reported; PC Whitfield is the contact."},
            "actions": {"covered": True, "notes": "Travel plan and reception measures agreed."},
        },
        proposed_measures=[
            "travel_with_others",
            "travel_check_in",
            "travel_emergency_contacts",
            "contact_first_colleague",
            "contact_not_on_site",
            "contact_alternative_colleagues",
        ],
    )
    actions = {a.measure: a for a in case.plan_actions.all()}
    daniel, amira = staff["Daniel Price"], staff["Amira Hassan"]
    plan_services.update_action(
        origin=as_manager,
        action=actions["travel_with_others"],
        values={
            "agreed": "Ruth or Daniel walks Amira to her car after school.",
            "owner": daniel,
            "status": "in_place",
            "in_place_on": ago(13),
            "next_review_on": ago(2),
        },
    )
    plan_services.update_action(
        origin=as_manager,
        action=actions["travel_check_in"],
        values={
            "agreed": "Amira texts her partner when she leaves and arrives.",
            "owner": amira,
            "status": "in_place",
            "in_place_on": ago(13),
        },
    )
    plan_services.update_action(
        origin=as_manager,
        action=actions["travel_emergency_contacts"],
        values={
            "owner": staff["Chris Morgan"],
            "status": "agreed",
            "next_review_on": today + datetime.timedelta(days=3),
        },
    )
    for code in ("contact_first_colleague", "contact_not_on_site"):
        plan_services.decide_approval(origin=as_head, action=actions[code], approve=True)
    plan_services.update_action(
        origin=as_manager,
        action=actions["contact_first_colleague"],
        values={
            "agreed": "Whoever meets Mr Marsh first helps him or fetches Daniel; never Amira.",
            "owner": staff["Joanne Reid"],
            "status": "in_place",
            "in_place_on": ago(12),
        },
    )
    plan_services.record_cctv(
        origin=as_manager,
        case=case,
        values={
            "could_support_evidence": "yes",
            "preservation_requested_on": ago(19),
            "preservation_requested_from": "Owen Hughes, site manager",
            "overwritten_on": today + datetime.timedelta(days=9),
            "policy_covers_use": "yes",
            "policy_confirmed_by": "Chris Morgan (data protection lead)",
        },
    )
    referral_services.save_police(
        origin=as_manager,
        case=case,
        values={
            "intends_to_report": "reported",
            "wants_support": True,
            "reported_on": ago(19),
            "crime_reference": "NB-26-114872",
            "officer": "PC J. Whitfield",
            "stalking_contact": "Northbrook Police stalking advocate",
            "last_contact_on": ago(8),
        },
    )
    referral_services.refer_to_champion(origin=as_manager, case=case)
    referral_services.save_policy_referral(
        origin=as_manager,
        case=case,
        values={"referred_on": ago(5), "reason": "Contact outside school and online.", "decision": "pending"},
    )
    entry = diary_services.write_entry(
        origin=as_amira,
        author=amira,
        values={
            "occurred_on": ago(1),
            "occurred_time": datetime.time(7, 55),
            "location": "near_site",
            "channel": "in_person",
            "behaviours": ["seeking_out"],
            "account": "The silver car was parked opposite the staff car park when I arrived.",
        },
    )
    DiaryEntry.objects.filter(pk=entry.pk).update(
        recorded_at=timezone.make_aware(datetime.datetime.combine(ago(1), datetime.time(8, 5)))
    )
    risk_services.decide_level(
        origin=as_manager,
        case=case,
        level="medium",
        reason="Following her to the supermarket and contacting her online: the behaviour is moving "
        "out of school. Medium until the screening is done.",
    )
    # The plan's history is invented like the rest: its actions are dated at the meeting.
    PlanAction.objects.filter(case=case).update(created_at=timezone.now() - datetime.timedelta(days=14))


def _demo_picture(size, background, lines) -> bytes:
    """A made-up picture for the demo's evidence: drawn here, so nothing real is shipped."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    for n, (text, fill) in enumerate(lines):
        top = 40 + n * 70
        draw.rounded_rectangle((30, top, size[0] - 60, top + 50), radius=16, fill=fill)
        draw.text((48, top + 18), text, fill=(20, 20, 20))
    out = io.BytesIO()
    image.save(out, format="PNG" if size[0] < size[1] else "JPEG")
    return out.getvalue()


def _evidence(*, case, as_manager, playground, gift, messages, today) -> None:
    """Amira's case is ready for an evidence pack: screenshots, a photo, the card
    kept for the police, and CCTV of the playground asked to be kept."""
    from harbour.evidence import services as evidence

    evidence.add_evidence(
        origin=as_manager,
        case=case,
        incident=messages,
        values={"kind": "screenshot", "description": "The three Instagram messages from 'Lee M'",
                "held_where": "employee_phone",
                "held_detail": "Amira's phone; the account is blocked, not deleted"},
        upload=evidence.Upload(
            name="instagram-messages.png",
            data=_demo_picture(
                (390, 420),
                (245, 245, 245),
                [("Lee M: saw you at the gate today", (220, 220, 220)),
                 ("Lee M: you looked nice in blue", (220, 220, 220)),
                 ("Lee M: [photo of the school gate]", (220, 220, 220))],
            ),
        ),
    )  # fmt: skip
    evidence.add_evidence(
        origin=as_manager,
        case=case,
        incident=gift,
        values={"kind": "photo", "description": "The card and flowers as they were found at reception",
                "held_where": "harbour"},
        upload=evidence.Upload(
            name="card-and-flowers.jpg",
            data=_demo_picture(
                (800, 600), (250, 240, 230), [("Card signed 'L' beside the flowers", (255, 255, 255))]
            ),
        ),
    )  # fmt: skip
    evidence.add_evidence(
        origin=as_manager,
        case=case,
        incident=gift,
        values={"kind": "gift", "description": "The card itself, in an envelope, not handled since",
                "held_where": "school_secure", "held_detail": "Head's safe, labelled for the police"},
    )  # fmt: skip
    day = timezone.localtime().replace(hour=15, minute=10, second=0, microsecond=0) - datetime.timedelta(
        days=58
    )
    evidence.request_cctv_preservation(
        origin=as_manager,
        case=case,
        incident=playground,
        values={
            "requested_by_name": "Daniel Price (deputy head)",
            "requested_of": "The site manager",
            "requested_on": today - datetime.timedelta(days=57),
            "footage_from": day,
            "footage_to": day + datetime.timedelta(minutes=30),
            "overwritten_on": today - datetime.timedelta(days=30),
            "kept_where": "Exported to an encrypted USB stick in the head's safe",
            "policy_covers_use": "yes",
            "policy_confirmed_by": "The trust's data protection officer",
        },
    )
