"""The rest of the demo trust: six more schools of Northbrook Learning Trust around
Riverside Primary, with about two academic years of invented history, so the
trust's figures have something to count.

The schools differ on purpose. Northbrook Academy is a large secondary with
enough cases for its counts to be shown; Hawthorn Infant School has one case in
two years, so nearly everything it holds is a count too small to show. Some
schools have linked their policies and some have not; some review on time and
some let reviews slip. Three people of concern appear in two schools each.

Everything is written through the app's services, in date order, with the clock
moved to the moment each thing happened (time-machine), so every record, audit
event and chain entry carries the time it would have had and the services' own
rules (no dates in the future, reviews booked ahead) hold as they would have then.
The story is drawn from a seeded random generator: the same trust every time,
dated relative to the day it is loaded.
"""

import contextlib
import datetime
import itertools
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from harbour.audit.services import Origin
from harbour.awareness import services as awareness_services
from harbour.awareness.content import CORRECT as CORRECT_ANSWERS
from harbour.cases import services as case_services
from harbour.cases.models import Case, CaseStatus
from harbour.frontdesk import services as frontdesk_services
from harbour.plans import services as plan_services
from harbour.plans.areas import AREAS
from harbour.plans.models import ActionStatus, Approval, PlanAction
from harbour.prevention import services as prevention_services
from harbour.prevention.models import CHECKLIST_ITEMS
from harbour.risk import levels
from harbour.risk import services as risk_services
from harbour.risk.screening import FACTORS
from harbour.schools import services as school_services
from harbour.schools.models import Role, School, StaffMember, Trust

log = logging.getLogger("harbour.demo")

SEED = 20261201
# The first cases were opened this long before the day the demo is loaded: the
# start of the autumn term two academic years back, give or take.
HISTORY_DAYS = 800
# The trust asked its staff to take the awareness module from about this many days ago.
AWARENESS_LAUNCHED_DAYS = 460


@dataclass(frozen=True)
class SchoolPlan:
    name: str
    domain: str
    phase: str  # "primary" or "secondary"
    staff: int
    cases: int
    unacceptable_actions_policy: bool
    cctv_policy: bool
    late_reviews: float  # the share of review meetings held after the date booked
    check_in_rate: float  # the share of staff with a check-in each term
    online_check_rate: float
    awareness_rate: float  # the share of staff who have taken the awareness module at all
    head: str
    head_username: str | None = None


SCHOOLS = (
    SchoolPlan(
        "Northbrook Academy", "northbrook-academy.example", "secondary", staff=30, cases=28,
        unacceptable_actions_policy=True, cctv_policy=True, late_reviews=0.15, check_in_rate=0.8,
        online_check_rate=0.5, awareness_rate=0.8, head="Priya Shah", head_username="priya",
    ),
    SchoolPlan(
        "Castlegate High School", "castlegate.example", "secondary", staff=22, cases=15,
        unacceptable_actions_policy=True, cctv_policy=False, late_reviews=0.45, check_in_rate=0.5,
        online_check_rate=0.25, awareness_rate=0.5, head="Martin Cole",
    ),
    SchoolPlan(
        "Millbrook Primary School", "millbrook.example", "primary", staff=14, cases=7,
        unacceptable_actions_policy=True, cctv_policy=True, late_reviews=0.2, check_in_rate=0.7,
        online_check_rate=0.4, awareness_rate=0.65, head="Fiona Walsh",
    ),
    SchoolPlan(
        "Westfield Primary School", "westfield.example", "primary", staff=12, cases=5,
        unacceptable_actions_policy=False, cctv_policy=False, late_reviews=0.6, check_in_rate=0.2,
        online_check_rate=0.1, awareness_rate=0.2, head="Gareth Lloyd",
    ),
    SchoolPlan(
        "St Anne's CofE Primary School", "st-annes.example", "primary", staff=10, cases=3,
        unacceptable_actions_policy=True, cctv_policy=False, late_reviews=0.0, check_in_rate=0.9,
        online_check_rate=0.6, awareness_rate=0.9, head="Catherine Doyle",
    ),
    SchoolPlan(
        "Hawthorn Infant School", "hawthorn.example", "primary", staff=7, cases=1,
        unacceptable_actions_policy=False, cctv_policy=False, late_reviews=0.0, check_in_rate=0.3,
        online_check_rate=0.0, awareness_rate=0.3, head="Janet Moss",
    ),
)  # fmt: skip
SCHOOL_NAMES = tuple(plan.name for plan in SCHOOLS)

STAFF_FIRST = (
    "Aisha", "Ben", "Claire", "David", "Emma", "Farah", "George", "Hannah", "Imran", "Jess", "Kieran",
    "Laura", "Matt", "Nadia", "Oliver", "Poppy", "Rachel", "Simon", "Tara", "Usman", "Vicky", "Will",
    "Yasmin", "Zara", "Adam", "Bethan", "Callum", "Dina", "Elliot", "Freya", "Harriet", "Jack", "Kate",
    "Liam", "Megan", "Naomi", "Rhys", "Sophie", "Tess", "Zoe",
)  # fmt: skip
STAFF_LAST = (
    "Akhtar", "Bailey", "Booth", "Chapman", "Dawes", "Evans", "Fletcher", "Gill", "Hale", "Iqbal",
    "Jarvis", "Kaur", "Lowe", "Mahmood", "Nolan", "O'Brien", "Parry", "Quinn", "Rowe", "Sharpe", "Tait",
    "Underwood", "Vaughan", "Webb", "Yates", "Armitage", "Brennan", "Clegg", "Doherty", "Ferris",
)  # fmt: skip
FEMALE_FIRST = frozenset((
    "Aisha", "Claire", "Emma", "Farah", "Hannah", "Jess", "Laura", "Nadia", "Poppy", "Rachel", "Tara",
    "Vicky", "Yasmin", "Zara", "Bethan", "Dina", "Freya", "Harriet", "Kate", "Megan", "Naomi", "Sophie",
    "Tess", "Zoe",
))  # fmt: skip
# Job titles after the leadership posts, in the order staff are added.
PRIMARY_TITLES = ("Class Teacher", "Teaching Assistant", "Class Teacher", "Teaching Assistant",
                  "Early Years Teacher", "Midday Supervisor", "Class Teacher")  # fmt: skip
SECONDARY_TITLES = ("Teacher of English", "Teacher of Maths", "Teacher of Science",
                    "Learning Support Assistant", "Teacher of PE", "Teacher of History",
                    "Pastoral Support Officer", "Teacher of Art",
                    "Cover Supervisor", "Teacher of Geography", "Attendance Officer")  # fmt: skip

PERSON_FIRST_M = ("Darren", "Wayne", "Stuart", "Paul", "Jason", "Neil", "Carl", "Shaun", "Ian", "Rob",
                  "Dean", "Tony", "Gavin", "Phil", "Scott", "Martin")  # fmt: skip
PERSON_FIRST_F = ("Kerry", "Donna", "Lisa", "Tracey", "Nicola", "Joanne", "Stacey", "Mandy")
PERSON_LAST = ("Hartley", "Crane", "Dobson", "Mercer", "Pickering", "Rudd", "Sutcliffe", "Thorpe", "Walker",
               "Ashworth", "Barlow", "Cooke", "Duckworth", "Greaves", "Holt", "Kershaw", "Lister", "Naylor",
               "Oldroyd", "Pollard", "Ramsden", "Shackleton", "Tennant", "Whiteley", "Yeadon", "Bamford",
               "Cartwright", "Fielding", "Haigh", "Marsden")  # fmt: skip
LOOKS = ("Medium build, short fair hair", "Tall, dark hair tied back", "Stocky, usually in a grey hoodie",
         "Slim, glasses, often in a navy work fleece", "Short, greying hair, walks with a dog",
         "Tall, beard, usually in running gear", "Red jacket, often on the phone at the gate")  # fmt: skip


# --- the stories ------------------------------------------------------------------------------------
# {e} is the employee's first name and {es}/{ep}/{eo} their she/her/her or he/his/him;
# {p} is the person of concern as staff would call them, with {ps}/{Ps}/{pp}.


@dataclass(frozen=True)
class Step:
    behaviours: tuple[str, ...]
    location: str
    channel: str
    account: str
    impacts: tuple[str, ...] = ()
    detail: str = ""
    police: bool = False


@dataclass(frozen=True)
class Story:
    code: str
    relationship: str
    context: str
    steps: tuple[Step, ...]
    phases: tuple[str, ...] = ("primary", "secondary")
    measures: tuple[str, ...] = ("travel_with_others", "contact_first_colleague", "contact_not_on_site")
    restriction: str = ""  # the kind of restriction the head considers, if any
    screening: dict = field(default_factory=dict)  # factors answered yes
    fear: str = "somewhat_frightened"
    weight: int = 3


STORIES = (
    Story(
        "fixation", "parent_carer", "Parent of a pupil in the employee's class.",
        (
            Step(("fixation_on_employee",), "on_site", "in_person",
                 "{p} waited at the classroom door at home time and said {ps} would only speak to {e}, "
                 "although the question was one for the office.", (), "Classroom door"),
            Step(("seeking_out", "comments_on_appearance"), "on_site", "in_person",
                 "{p} came back after the gates had closed to find {e}, with no question about {pp} child, "
                 "and remarked on what {es} was wearing.", ("alarm",), "Playground"),
            Step(("asking_colleagues",), "on_site", "in_person",
                 "{p} asked a teaching assistant what time {e} usually leaves and whether {es} drives to "
                 "school.", ("alarm", "distress"), "Main gate"),
        ),
        weight=6,
    ),
    Story(
        "online", "parent_carer", "Parent; found the employee's personal accounts online.",
        (
            Step(("information_gathering",), "online", "social_media",
                 "A friend told {e} that {p} had liked and commented on several old photos on {ep} "
                 "personal account, going back years.", ("distress",)),
            Step(("unwanted_messages",), "online", "social_media",
                 "Five messages in one evening to {e}'s personal account, asking why {es} would not "
                 "reply.", ("distress",)),
            Step(("online_to_offline",), "near_site", "in_person",
                 "{p} stopped {e} outside the gate and mentioned the gym {es} goes to, which {es} had "
                 "only ever posted about online.", ("fear_of_violence", "change_of_routine"),
                 "Pavement outside the main gate"),
        ),
        measures=("travel_with_others", "travel_check_in", "contact_not_on_site"),
        restriction="writing", screening={"turning_up": "yes", "loitering": "yes"}, weight=4,
    ),
    Story(
        "gifts", "parent_carer", "Parent of a pupil the employee teaches.",
        (
            Step(("unwanted_gifts",), "on_site", "letter",
                 "A card and a box of chocolates for {e} were left at reception, with a note saying "
                 "{p} thinks about {eo} a lot.", ("distress",), "Reception"),
            Step(("unwanted_gifts", "comments_on_appearance"), "post", "letter",
                 "A second card arrived by post, commenting on {e}'s appearance and asking to meet for a "
                 "coffee.", ("alarm", "distress")),
            Step(("following_outside_work",), "outside_work", "in_person",
                 "{e} saw {p} in the supermarket car park twice in one week, at the time {es} shops after "
                 "work. {Ps} watched but did not speak.", ("fear_of_violence", "change_of_routine"),
                 "Supermarket car park"),
        ),
        measures=("travel_with_others", "travel_approached", "contact_first_colleague",
                  "contact_alternative_colleagues"),
        restriction="named_colleague", screening={"turning_up": "yes", "loitering": "yes"},
        fear="very_frightened", weight=3,
    ),
    Story(
        "contractor", "contractor", "Works for a maintenance contractor the trust uses.",
        (
            Step(("sexual_comments",), "on_site", "in_person",
                 "While working in the corridor {p} made a sexual remark about {e}'s body as {es} walked "
                 "past.", ("distress",), "Corridor by the hall"),
            Step(("staring", "sexual_comments"), "on_site", "in_person",
                 "{p} stared at {e} through the staff room window for some time and made a gesture "
                 "when {es} looked up.", ("distress", "alarm"), "Staff room"),
        ),
        measures=("contact_first_colleague", "contact_should_support"),
        restriction="site_ban", screening={"harassing_others": "yes"}, weight=2,
    ),
    Story(
        "lettings", "customer_visitor", "Hires the sports hall for an evening club.",
        (
            Step(("sexual_messages",), "phone", "text_message",
                 "{p} texted {e} late in the evening with a suggestive message, using the number on the "
                 "lettings form.", ("distress",)),
            Step(("sexual_messages", "slurs"), "phone", "text_message",
                 "After {e} did not reply, {p} sent two more messages, one calling {eo} a degrading name.",
                 ("distress", "alarm")),
        ),
        phases=("secondary",), measures=("contact_should_support", "contact_first_colleague"),
        restriction="writing", weight=2,
    ),
    Story(
        "complaints", "parent_carer", "Parent unhappy with how a behaviour incident was handled.",
        (
            Step(("defamation",), "online", "email",
                 "{p} e-mailed the governors saying {e} had shouted at {pp} child; the two adults in the "
                 "room say it did not happen.", ("distress",)),
            Step(("verbal_abuse",), "phone", "phone_call",
                 "{p} phoned the office, asked for {e} and shouted and swore at {eo} for several minutes "
                 "before {es} ended the call.", ("distress", "alarm")),
            Step(("defamation", "impersonation"), "online", "social_media",
                 "A post in a local parents' group, under a name {e} did not recognise, repeated the "
                 "complaint and named {eo}.", ("distress",)),
        ),
        measures=("contact_first_colleague", "contact_set_places_times"), restriction="writing", weight=4,
    ),
    Story(
        "threats", "parent_carer", "Parent; the school had recently raised attendance with the family.",
        (
            Step(("verbal_abuse",), "on_site", "in_person",
                 "At parents' evening {p} raised {pp} voice at {e} and would not leave the table when "
                 "asked.", ("alarm",), "Sports hall, parents' evening"),
            Step(("threats",), "near_site", "in_person",
                 "{p} told {e} at the gate that {es} 'would regret it' and that {ps} knew which car was "
                 "{ep}s.", ("fear_of_violence",), "Staff car park entrance", True),
        ),
        measures=("travel_with_others", "travel_emergency_contacts", "contact_alternative_colleagues",
                  "contact_risk_assessment"),
        restriction="site_ban", screening={"threats": "yes", "turning_up": "yes"}, fear="very_frightened",
        weight=1,
    ),
    Story(
        "home", "parent_carer", "Former parent; the child left the school last year.",
        (
            Step(("seeking_out",), "near_site", "in_person",
                 "{p} was waiting on the pavement opposite the staff car park when {e} left, two evenings "
                 "running.", ("alarm",), "Opposite the staff car park"),
            Step(("following_outside_work",), "home", "in_person",
                 "{e}'s neighbour saw {p}'s car parked in {ep} road for about an hour on a Saturday.",
                 ("fear_of_violence", "change_of_routine"), "The employee's road"),
            Step(("property_damage",), "home", "other",
                 "{e} found a long scratch down the side of {ep} car outside {ep} home the morning after "
                 "{es} saw {p} nearby.", ("fear_of_violence",), "Outside the employee's home", True),
        ),
        measures=("travel_with_others", "travel_check_in", "travel_threatened", "contact_not_on_site"),
        restriction="site_ban",
        screening={"property_damage": "yes", "turning_up": "yes", "loitering": "yes",
                   "previous_harassment": "not_known"},
        fear="very_frightened", weight=1,
    ),
    Story(
        "once", "parent_carer", "Parent of a pupil in the school.",
        (
            Step(("fixation_on_employee", "comments_on_appearance"), "on_site", "in_person",
                 "{p} asked at reception for {e} by name three times in one week, and told the "
                 "receptionist {es} was 'the only one worth talking to'.", (), "Reception"),
        ),
        measures=("contact_first_colleague",), weight=5,
    ),
    Story(
        "grab", "parent_carer", "Parent; there is a dispute over who may collect the child.",
        (
            Step(("physical_violence", "verbal_abuse"), "on_site", "in_person",
                 "{p} took hold of {e}'s arm at the gate when {es} said {es} could not discuss the "
                 "collection arrangements there, and let go when the site manager came over.",
                 ("fear_of_violence", "distress"), "Main gate", True),
        ),
        measures=("contact_alternative_colleagues", "contact_risk_assessment"), restriction="site_ban",
        screening={"violence_this_episode": "yes"}, fear="very_frightened", weight=1,
    ),
)  # fmt: skip

STORY_BY_CODE = {story.code: story for story in STORIES}

# People of concern who appear in two schools of the trust (a parent with children
# in both phases, a contractor working across sites): the same name in each.
# Kerry Thorpe's two cases were opened this term (days ago, per school) and are still
# open, so the trust lead's patterns page has her; the other two are history.
SHARED_PEOPLE = (
    ("Darren Hartley", "Mr", ("Castlegate High School", "Millbrook Primary School"), "fixation", ()),
    ("Craig Pellow", "Mr", ("Northbrook Academy", "St Anne's CofE Primary School"), "contractor", ()),
    ("Kerry Thorpe", "Ms", ("Northbrook Academy", "Westfield Primary School"), "complaints", (41, 26)),
)


# --- building ---------------------------------------------------------------------------------------


def load(trust: Trust) -> bool:
    """Add the trust's other schools unless they are there already. Returns True if added."""
    if School.objects.filter(trust=trust, name__in=SCHOOL_NAMES).exists():
        return False
    try:
        import time_machine  # only the demo moves the clock; a development dependency
    except ImportError:
        log.warning("The demo trust's other schools need time-machine (pip install -e '.[dev]'); skipped.")
        return False
    builder = _Builder(trust)
    with transaction.atomic():
        with time_machine.travel(builder.start, tick=False):
            builder.schools()
        for at, _, step in sorted(builder.steps, key=lambda s: (s[0], s[1])):
            with time_machine.travel(at, tick=False):
                step()
    return True


# The one new sign-in: the headteacher of the big secondary sees her own school only.
SIGN_INS = (("academy headteacher", "priya"),)


class _Builder:
    def __init__(self, trust: Trust):
        self.trust = trust
        self.rng = random.Random(SEED)  # noqa: S311 - repeatable demo data, not security
        self.today = timezone.localdate()
        self.start = self._at(self.today - datetime.timedelta(days=HISTORY_DAYS + 14), datetime.time(8, 0))
        self.steps: list[tuple[datetime.datetime, int, Callable]] = []
        self.order = itertools.count()
        self.staff_names = iter(
            self.rng.sample([f"{first} {last}" for first in STAFF_FIRST for last in STAFF_LAST], k=400)
        )
        self.person_names = self.rng.sample(
            [(t, f, last) for last in PERSON_LAST for t, f in
             [*(("Mr", n) for n in PERSON_FIRST_M), *(("Ms", n) for n in PERSON_FIRST_F)]],
            k=120,
        )  # fmt: skip
        shared = {shared[0] for shared in SHARED_PEOPLE}
        self.person_names = iter(p for p in self.person_names if f"{p[1]} {p[2]}" not in shared)

    @staticmethod
    def _at(day: datetime.date, time: datetime.time) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, time))

    def later(self, day: datetime.date, time: datetime.time, step: Callable) -> None:
        """Run `step` with the clock at that moment, in date order with every other step."""
        if day < self.today:
            self.steps.append((self._at(day, time), next(self.order), step))

    # --- schools and staff ---

    def schools(self) -> None:
        system = Origin(user=None, via="cli")
        self.by_school = {}
        for plan in SCHOOLS:
            school = School.objects.create(
                trust=self.trust,
                name=plan.name,
                unacceptable_actions_policy_url=f"https://{plan.domain}/policies/unacceptable-actions"
                if plan.unacceptable_actions_policy
                else "",
                cctv_policy_url=f"https://{plan.domain}/policies/cctv" if plan.cctv_policy else "",
                # St Anne's asks for the awareness module every two years; the rest every year.
                awareness_renewal_months=24 if plan.name.startswith("St Anne") else 12,
            )
            self.by_school[plan.name] = self._staff(system, plan, school)
        for plan in SCHOOLS:
            self._history(plan)

    def _staff(self, system: Origin, plan: SchoolPlan, school: School) -> dict:
        secondary = plan.phase == "secondary"
        posts = [
            (plan.head, "Headteacher", (Role.HEADTEACHER,), True),
            (next(self.staff_names), "Deputy Headteacher", (Role.LINE_MANAGER,), True),
        ]
        if secondary:
            posts.append((next(self.staff_names), "Head of Year 9", (Role.LINE_MANAGER,), True))
            posts.append((next(self.staff_names), "Head of Year 11", (Role.LINE_MANAGER,), True))
        posts += [
            (next(self.staff_names), "Workplace Champion" if secondary else "SENCo and Workplace Champion",
             (Role.WORKPLACE_CHAMPION,), False),
            (next(self.staff_names), "Receptionist", (Role.FRONT_OFFICE,), False),
            (next(self.staff_names), "School Business Manager", (Role.ADMINISTRATOR,), False),
        ]  # fmt: skip
        titles = itertools.cycle(SECONDARY_TITLES if secondary else PRIMARY_TITLES)
        while len(posts) < plan.staff:
            posts.append((next(self.staff_names), next(titles), (), False))
        members, users = [], {}
        for full_name, title, roles, acts in posts:
            first, _, last = full_name.partition(" ")
            member = school_services.save_staff(
                origin=system,
                school=school,
                values={
                    "full_name": full_name,
                    "job_title": title,
                    "email": f"{first[0].lower()}.{last.lower().replace(chr(39), '')}@{plan.domain}",
                    "is_active": True,
                    "roles": list(roles),
                },
            )
            if acts:
                # Leaders act in the story, so they have accounts; only the headteacher
                # with a demo sign-in has a password (the rest would use the school's
                # identity provider).
                username = plan.head_username if title == "Headteacher" and plan.head_username else None
                user = school_services.create_sign_in(
                    origin=system,
                    staff=member,
                    username=username or f"{first.lower()}.{last.lower().replace(chr(39), '')}.{school.pk}",
                    password=_demo_password() if username else None,
                )
                get_user_model().objects.filter(pk=user.pk).update(first_name=first, last_name=last)
                users[member.pk] = user
            members.append(member)
        head, managers = members[0], [m for m in members[1 : 4 if secondary else 2]]
        school.workplace_champion = members[len(managers) + 1]
        school.save(update_fields=["workplace_champion"])
        employees = members[len(managers) + 1 :]
        for n, member in enumerate(employees):
            StaffMember.objects.filter(pk=member.pk).update(line_manager=managers[n % len(managers)])
        StaffMember.objects.filter(pk__in=[m.pk for m in managers]).update(line_manager=head)
        return {
            "school": school,
            "head": head,
            "managers": managers,
            "employees": [m for m in employees if m.job_title not in ("Receptionist",)],
            "staff": members,
            "users": users,
        }

    def origin(self, school_name: str, member: StaffMember) -> Origin:
        return Origin(user=self.by_school[school_name]["users"][member.pk], via="cli")

    # --- the history ---

    def _history(self, plan: SchoolPlan) -> None:
        rng, ctx = self.rng, self.by_school[plan.name]
        shared = [
            (name, title, story, dict(zip(schools, recent, strict=False)).get(plan.name))
            for name, title, schools, story, recent in SHARED_PEOPLE
            if plan.name in schools
        ]
        stories = [s for s in STORIES if plan.phase in s.phases]
        weights = [s.weight for s in stories]
        # Cases opened across the whole history, more of them lately (the trust has
        # been encouraging staff to report), the newest a few days ago.
        opened = sorted(4 + int((HISTORY_DAYS - 4) * rng.random() ** 1.3) for _ in range(plan.cases))[::-1]
        person_again = None
        for n, days_ago in enumerate(opened):
            if shared and n % 3 == 1:
                name, title, code, recent = shared.pop()
                story, person = STORY_BY_CODE[code], (title, *name.split(" ", 1))
                days_ago = recent or days_ago
            else:
                story, person = rng.choices(stories, weights)[0], None
            # In the big school one parent is behind cases about two members of staff.
            again = plan.cases >= 20 and n == plan.cases // 2 and person_again is not None
            self._case(plan, ctx, story, self.today - datetime.timedelta(days=days_ago), person,
                       again=person_again if again else None)  # fmt: skip
            if plan.cases >= 20 and n == 2:
                person_again = ctx["cases"][-1]
        self._prevention(plan, ctx)
        self._awareness(plan, ctx)

    def _case(self, plan, ctx, story: Story, day0: datetime.date, named, again=None) -> None:
        rng = self.rng
        owner = rng.choice(ctx["managers"])
        employee = rng.choice([e for e in ctx["employees"] if e.pk != owner.pk][2:] or ctx["employees"])
        as_owner = self.origin(plan.name, owner)
        as_head = self.origin(plan.name, ctx["head"])
        if named is None:
            named = next(self.person_names)
        title, given, family = named
        state = {"behaviours": set()}
        ctx.setdefault("cases", []).append(state)
        steps = story.steps
        if len(steps) > 1 and rng.random() < 0.3:
            steps = steps[: rng.randint(1, len(steps) - 1)]  # stopped early, or was dealt with sooner
        e = employee.full_name.split()[0]
        es, ep, eo = ("she", "her", "her") if e in FEMALE_FIRST else ("he", "his", "him")
        ps, pp = ("he", "his") if title == "Mr" else ("she", "her")
        words = {"e": e, "es": es, "ep": ep, "eo": eo, "p": f"{title} {family}", "ps": ps, "Ps": ps.title(),
                 "pp": pp}  # fmt: skip

        def open_case():
            if again is not None:
                state["person"] = again["person"]
            else:
                state["person"] = case_services.create_person(
                    origin=as_owner,
                    school=ctx["school"],
                    values={
                        "relationship": story.relationship,
                        "name": f"{given} {family}",
                        "aliases": "",
                        "description": rng_looks,
                        "vehicle": "",
                        "context": story.context,
                    },
                )
            state["case"] = case_services.open_case(
                origin=as_owner, school=ctx["school"], owner=owner, employees=[employee],
                people=[state["person"]],
            )  # fmt: skip

        rng_looks = rng.choice(LOOKS)
        self.later(day0, datetime.time(9, rng.randint(0, 59)), open_case)
        # The first incident happened in the days before the case was opened; the rest after.
        when = day0 - datetime.timedelta(days=rng.randint(0, 4))
        last_day = day0
        for k, step in enumerate(steps):
            if k:
                when = when + datetime.timedelta(days=rng.randint(4, 30))
            if step.location == "on_site":
                while when.weekday() >= 5:
                    when += datetime.timedelta(days=1)
            recorded = max(when, day0)
            hour = datetime.time(rng.choice([8, 12, 15, 16, 19]), rng.choice([5, 20, 35, 50]))
            self.later(recorded, datetime.time(16, 30) if k else datetime.time(10, 0),
                       self._incident_step(state, employee, as_owner, step, when, hour, words))  # fmt: skip
            last_day = max(last_day, recorded)

        # The first meeting with the employee: within days, mostly; a few slipped.
        first = day0 + datetime.timedelta(days=rng.choice([1, 2, 3, 3, 5, 7, 9, 14, 21]))
        last_day = max(last_day, first)
        # The plan's actions put in place in the days after the first meeting.
        in_place = first + datetime.timedelta(days=rng.choice([1, 2, 4, 6, 10, 15]))
        self.later(in_place, datetime.time(11, 0), self._plan_step(state, as_owner, as_head, in_place, rng,
                                                                             story.measures))  # fmt: skip
        last_day = max(last_day, in_place)
        # A risk screening in most cases, soon after the first meeting.
        if rng.random() < (0.8 if plan.late_reviews < 0.3 else 0.45):
            screened = first + datetime.timedelta(days=rng.randint(0, 6))
            answers = {f.code: story.screening.get(f.code, "no") for f in FACTORS}
            self.later(screened, datetime.time(12, 30), self._screening_step(state, as_owner, story, answers))
            last_day = max(last_day, screened)
        if story.restriction and len(steps) == len(story.steps) and rng.random() < 0.75:
            warned = last_day + datetime.timedelta(days=rng.randint(2, 8))
            by = warned + datetime.timedelta(days=14)
            decided = by + datetime.timedelta(days=rng.randint(1, 5))
            self.later(
                warned, datetime.time(14, 0), self._warn_step(state, as_head, story, warned, by, owner)
            )
            self.later(decided, datetime.time(14, 0), self._decide_step(state, as_head, decided, rng))
            last_day = max(last_day, decided)
        # Older cases go to monitoring once things have been quiet, and are closed at
        # a review some weeks later. Each meeting books the next; the next is held by
        # then (on time) or after it (late, as often as the school lets reviews slip).
        quiet = last_day + datetime.timedelta(days=rng.randint(20, 45))
        closing = quiet + datetime.timedelta(days=rng.randint(30, 90))
        self.later(
            quiet,
            datetime.time(16, 0),
            self._status_step(state, as_owner, CaseStatus.MONITORING, "Nothing further for some weeks."),
        )
        held, number = first, 0
        while held < self.today:
            booked = held + datetime.timedelta(
                days=rng.choice([14, 21, 28, 35] if held < quiet else [42, 56])
            )
            self.later(held, datetime.time(15, 45),
                       self._meeting_step(state, as_owner, held, booked, story, number=number))  # fmt: skip
            if held >= closing:
                self.later(held, datetime.time(16, 10), self._status_step(
                    state, as_owner, CaseStatus.CLOSED, "No contact since the measures were put in place; "
                    "the employee is content for the case to close."))  # fmt: skip
                break
            late = rng.random() < plan.late_reviews
            held = booked + datetime.timedelta(days=rng.randint(3, 20) if late else -rng.randint(0, 2))
            number += 1

    def _incident_step(self, state, employee, origin, step: Step, when, hour, words):
        def run():
            case = Case.objects.get(pk=state["case"].pk)
            case_services.record_incident(
                origin=origin,
                case=case,
                values={
                    "employee": employee.pk,
                    "person": state["person"].pk,
                    "occurred_on": when.isoformat(),
                    "occurred_time": hour.isoformat("minutes"),
                    "location": step.location,
                    "location_detail": step.detail,
                    "channel": step.channel,
                    "behaviours": list(step.behaviours),
                    "account": step.account.format(**words),
                    "impacts": list(step.impacts),
                    "reported_to_police": step.police,
                },
            )
            state["behaviours"].update(step.behaviours)

        return run

    def _meeting_step(self, state, origin, held_on, booked, story: Story, *, number: int):
        def run():
            case = Case.objects.get(pk=state["case"].pk)
            if number == 0:
                areas = {area.code: {"covered": True, "notes": ""} for area in AREAS}
                areas["explore"]["notes"] = "Went through what happened and how it has felt."
                areas["actions"]["notes"] = "Agreed the first measures together."
                measures = list(story.measures)
            else:
                areas = {
                    code: {"covered": True, "notes": ""} for code in ("explore", "actions", "next_meeting")
                }
                areas["explore"]["notes"] = "Reviewed what has happened since the last meeting."
                measures = []
            plan_services.record_meeting(
                origin=origin, case=case, held_on=held_on, next_meeting_on=booked, areas=areas,
                proposed_measures=measures,
            )  # fmt: skip

        return run

    def _plan_step(self, state, as_owner, as_head, day, rng, measures):
        def run():
            # The measures chosen at the first meeting; any the screening proposed stay proposed.
            chosen = PlanAction.objects.filter(
                case_id=state["case"].pk, status=ActionStatus.PROPOSED, measure__in=measures
            )
            for action in chosen:
                if action.approval == Approval.PENDING:
                    if rng.random() < 0.15:
                        continue  # still waiting for the headteacher
                    plan_services.decide_approval(origin=as_head, action=action, approve=True)
                if rng.random() < 0.8:
                    plan_services.update_action(
                        origin=as_owner,
                        action=action,
                        values={"status": ActionStatus.IN_PLACE, "in_place_on": day},
                    )

        return run

    def _screening_step(self, state, origin, story: Story, answers):
        def run():
            case = Case.objects.get(pk=state["case"].pk)
            result = risk_services.record_screening(
                origin=origin, case=case, fear=story.fear, answers=answers
            )
            level = levels.higher(result.suggested, levels.floor_for(state["behaviours"]))
            risk_services.decide_level(
                origin=origin,
                case=case,
                level=level,
                reason="In line with the screening and what has been recorded so far.",
                screening_id=result.pk,
            )

        return run

    def _warn_step(self, state, origin, story: Story, warned, by, owner):
        def run():
            case = Case.objects.get(pk=state["case"].pk)
            state["restriction"] = frontdesk_services.warn(
                origin=origin,
                case=case,
                person=state["person"],
                values={
                    "kind": story.restriction,
                    "details": f"{owner.full_name}, {owner.job_title.lower()}."
                    if story.restriction == "named_colleague"
                    else "",
                    "reason": "Behaviour towards a member of staff that the Unacceptable Actions policy "
                    "does not accept, continuing after it was raised with them.",
                    "warned_on": warned,
                    "representations_by": by,
                },
            )

        return run

    def _decide_step(self, state, origin, decided, rng):
        def run():
            confirm = rng.random() < 0.8
            frontdesk_services.decide(
                origin=origin,
                restriction=state["restriction"],
                confirm=confirm,
                reason="No representations received; the behaviour has continued."
                if confirm
                else "The behaviour stopped after the warning; no restriction is needed now.",
                review_on=decided + datetime.timedelta(days=180) if confirm else None,
            )

        return run

    def _status_step(self, state, origin, status, note):
        def run():
            case = Case.objects.get(pk=state["case"].pk)
            if case.status != status:
                case_services.change_case_status(origin=origin, case=case, status=status, note=note)

        return run

    # --- prevention ---

    def _prevention(self, plan: SchoolPlan, ctx) -> None:
        """Check-ins each term for some staff, and online-safety checklists."""
        rng = self.rng
        as_manager = {m.pk: self.origin(plan.name, m) for m in ctx["managers"]}
        managers = ctx["managers"]
        term_starts = [self.today - datetime.timedelta(days=d) for d in range(HISTORY_DAYS, 20, -120)]
        for n, member in enumerate(ctx["employees"]):
            manager = managers[n % len(managers)]
            for term in term_starts:
                if rng.random() >= plan.check_in_rate:
                    continue
                held = term + datetime.timedelta(days=rng.randint(5, 60))
                concern = rng.choices(["no", "not_sure", "yes"], [20, 3, 1])[0]
                notes = {
                    "no": "",
                    "not_sure": "A parent has been asking for them by name; keeping an eye on it.",
                    "yes": "Mentioned contact from a parent that made them uneasy; talked through "
                    "recording it.",
                }[concern]
                step = self._check_in_step(as_manager[manager.pk], member, held, concern, notes)
                self.later(held, datetime.time(13, 15), step)
            if rng.random() < plan.online_check_rate:
                done = self.today - datetime.timedelta(days=rng.randint(5, 400))
                items = rng.sample(
                    [code for code, _ in CHECKLIST_ITEMS], rng.randint(2, len(CHECKLIST_ITEMS))
                )
                # The employee ticks the list themselves; the demo's staff have no accounts.
                self.later(done, datetime.time(19, 0), self._online_step(member, done, items))

    def _awareness(self, plan: SchoolPlan, ctx) -> None:
        """The trust launched the awareness module about fifteen months ago: some
        staff took it then and not since (due again, if the school renews yearly),
        some took it later or again, and some never have."""
        rng = self.rng
        for member in ctx["staff"]:
            if rng.random() >= plan.awareness_rate:
                continue  # never taken
            first = self.today - datetime.timedelta(days=rng.randint(30, AWARENESS_LAUNCHED_DAYS))
            self.later(first, datetime.time(16, 40), self._awareness_step(plan, ctx, member, first))
            if first < self.today - datetime.timedelta(days=330) and rng.random() < 0.5:
                again = self.today - datetime.timedelta(days=rng.randint(3, 40))
                self.later(again, datetime.time(16, 40), self._awareness_step(plan, ctx, member, again))

    def _awareness_step(self, plan: SchoolPlan, ctx, member, day):
        user = ctx["users"].get(member.pk)
        origin = Origin(user=user, via="cli")

        def run():
            awareness_services.submit_answers(origin=origin, staff=[member], answers=CORRECT_ANSWERS, on=day)

        return run

    @staticmethod
    def _check_in_step(origin, member, held, concern, notes):
        def run():
            prevention_services.record_check_in(
                origin=origin, employee=member, held_on=held, concern=concern, notes=notes
            )

        return run

    @staticmethod
    def _online_step(member, done, items):
        def run():
            prevention_services.complete_online_check(
                origin=Origin(user=None, via="cli"), employee=member, completed_on=done, items=items
            )

        return run


def at_moment(moment: datetime.datetime):
    """The clock at `moment` for what is written inside (the demo's invented
    history), or the real clock where time-machine is not installed."""
    try:
        import time_machine
    except ImportError:
        return contextlib.nullcontext()
    return time_machine.travel(moment, tick=False)


def _demo_password() -> str:
    from harbour.demo import DEMO_PASSWORD

    return DEMO_PASSWORD
