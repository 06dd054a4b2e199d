"""Which of Harbour's records evidence which of the eight steps. Plain data, so
the mapping can be read and reviewed on its own (the README prints it too).

The eight steps are those of the EHRC's technical guidance on the duty to take
all reasonable steps to prevent sexual harassment of staff (Worker Protection
Act 2023, strengthened by the Employment Rights Act 2025), here in Harbour's own
words. Each SOURCE is one kind of record Harbour holds; its `steps` say which
steps it is evidence for, and `why` says how. A step may draw on several
sources and a source may count for several steps: the same figure is then
shown under each. What a step asks that no record in Harbour can show is said
in the step's `elsewhere`, so a report never suggests Harbour is the whole
story."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    number: int
    code: str
    title: str
    asks: str  # what the step asks of an employer
    elsewhere: str  # what the school evidences outside Harbour


@dataclass(frozen=True)
class Source:
    code: str
    title: str
    records: str  # where in Harbour the figures come from
    steps: tuple[int, ...]
    why: str


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "policy",
        "Policy",
        "A written policy says that sexual harassment of staff, by anyone including parents, carers "
        "and visitors, is not accepted, and what happens when it happens.",
        "The policy itself, when governors approved it and when it is next reviewed.",
    ),
    Step(
        2,
        "engagement",
        "Engagement with staff",
        "Staff are asked, regularly and privately, about the behaviour they meet, and their answers "
        "shape what the school does.",
        "Staff surveys, union and staff-forum discussions.",
    ),
    Step(
        3,
        "risk_assessment",
        "Risk assessment",
        "The risks staff face, from the public as well as colleagues, are looked at and reduced, "
        "for the workplace as a whole and for each person at risk.",
        "The school's own workplace risk assessment (site, lone working, reception).",
    ),
    Step(
        4,
        "reporting",
        "Reporting",
        "Staff have clear ways to report, including in confidence, and what they report is recorded.",
        "How the ways to report are publicised to staff.",
    ),
    Step(
        5,
        "training",
        "Training",
        "Staff know what harassment and stalking look like, the myths about them, and what to do.",
        "Training given outside Harbour (INSET days, induction, courses for managers).",
    ),
    Step(
        6,
        "complaints",
        "Dealing with complaints",
        "Each report is met promptly and without blame, planned for with the employee and reviewed "
        "when it was agreed to be.",
        "Grievance and disciplinary records, where a colleague was involved.",
    ),
    Step(
        7,
        "third_parties",
        "Dealing with third parties",
        "Parents, carers and visitors who harass staff are warned and, where needed, restricted, "
        "fairly and under a published policy.",
        "Correspondence with the people concerned and any legal advice taken.",
    ),
    Step(
        8,
        "monitoring",
        "Monitoring and evaluating",
        "The figures are looked at regularly, so the school and its governors know whether the steps work.",
        "Governors' minutes showing the figures were discussed and what was changed.",
    ),
)

SOURCES: tuple[Source, ...] = (
    Source(
        "policy_links",
        "Policies linked in school settings",
        "School settings: the Unacceptable Actions policy and CCTV policy links",
        (1, 7),
        "A linked Unacceptable Actions policy is the policy staff and the headteacher work to before any "
        "warning or restriction; the CCTV policy covers using footage as evidence.",
    ),
    Source(
        "champion",
        "A Workplace Champion",
        "School settings and staff roles: a named Workplace Champion",
        (4,),
        "A Workplace Champion is a confidential way to report and to be supported.",
    ),
    Source(
        "check_ins",
        "Check-ins held",
        "Check-ins: the manager's regular question about parent and customer behaviour",
        (2, 3, 4),
        "Each check-in asks the member of staff whether any behaviour worries them; a concern raised "
        "there is an early report.",
    ),
    Source(
        "online_safety",
        "Online-safety checklists",
        "Online safety: each member of staff's own checklist",
        (3,),
        "The checklist reduces what a person of concern can find out about a member of staff online.",
    ),
    Source(
        "awareness",
        "Awareness module",
        "The awareness module: completions, due again after the period the school sets",
        (5,),
        "The module covers what stalking, cyberstalking and sexual harassment look like, the myths, "
        "how to report and what the front desk does.",
    ),
    Source(
        "risk_screenings",
        "Risk screenings",
        "Risk: the individual risk screenings recorded on cases",
        (3,),
        "A screening is the individual risk assessment for a member of staff at medium or high risk.",
    ),
    Source(
        "meetings",
        "Meetings with the employee",
        "Meetings: the manager's meeting with the employee about their case",
        (6,),
        "The meeting is where a report is explored without blame and the next steps agreed.",
    ),
    Source(
        "plans",
        "Action plans in place",
        "Action plans: rows with the date they were put in place",
        (3, 6),
        "The plan is how risk to one member of staff is reduced, agreed with them.",
    ),
    Source(
        "reviews",
        "Reviews on time",
        "The anonymised statistics: the share of cases reviewed on time",
        (6, 8),
        "A case looked at again when it was due shows a complaint is followed through.",
    ),
    Source(
        "restrictions",
        "Warnings and restrictions",
        "Front desk: warnings and contact restrictions under the Unacceptable Actions policy",
        (7,),
        "A warning, the chance to respond and a decision is how the school acts on a third party's "
        "behaviour fairly.",
    ),
    Source(
        "policy_referrals",
        "Unacceptable Actions referrals",
        "Referrals: cases referred under the Unacceptable Actions policy",
        (7,),
        "A referral is the case put to the policy for a decision.",
    ),
    Source(
        "statistics",
        "Anonymised statistics",
        "The anonymised statistics: cases opened and closed, incidents recorded",
        (4, 8),
        "Reports recorded show the ways to report are used; the figures, over time, are what is monitored.",
    ),
)

SOURCE_BY_CODE = {source.code: source for source in SOURCES}
STEP_BY_NUMBER = {step.number: step for step in STEPS}


def sources_for(step: Step) -> tuple[Source, ...]:
    """The sources that evidence a step, in the order of SOURCES."""
    return tuple(source for source in SOURCES if step.number in source.steps)
