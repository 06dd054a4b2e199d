"""The action plan's guide (the guidance's appendix), in Harbour's words: the
sections, and the measures each one suggests. Actions are recorded against a
measure's code, or as the manager's own wording with no code."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    code: str
    section: str
    text: str
    # Contact measures are offered by risk level; every one needs the head's approval.
    risk: str = ""  # "low" or "medium_high" for contact measures


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    guide: str


TRAVEL, CCTV, CONTACT, OTHER = "travel", "cctv", "contact", "other"

SECTIONS = (
    Section(
        TRAVEL,
        "Travelling to and from work",
        "Help the employee make their own plan for the journey to and from work.",
    ),
    Section(
        CCTV,
        "CCTV",
        "Could the school's CCTV support the evidence? Ask for footage to be kept before it is "
        "recorded over, and check that the CCTV policy and privacy notice cover using it this way.",
    ),
    Section(
        CONTACT,
        "Reducing contact",
        "Measures that keep the person away from the employee. The headteacher decides each one, "
        "case by case. Check the Unacceptable Actions policy before any warning or restriction.",
    ),
    Section(OTHER, "Other actions", "Anything else you agree together."),
)
SECTION_BY_CODE = {section.code: section for section in SECTIONS}

MEASURES = (
    Measure("travel_with_others", TRAVEL, "Walk to the car, home or transport with other people"),
    Measure("travel_threatened", TRAVEL, "Know what to do if they feel threatened in the street"),
    Measure("travel_check_in", TRAVEL, "Set up a check-in arrangement with friends or family"),
    Measure("travel_approached", TRAVEL, "Know what to do if the person approaches them in public"),
    Measure("travel_emergency_contacts", TRAVEL, "Check that their emergency contact details are correct"),
    Measure("cctv_review", CCTV, "Look at whether CCTV footage can support the evidence"),
    Measure(
        "contact_set_places_times",
        CONTACT,
        "The employee supports the person only at set places or set times of day",
        risk="low",
    ),
    Measure(
        "contact_first_colleague",
        CONTACT,
        "Whoever speaks to the person first helps them or passes them to another colleague, "
        "never to the employee",
        risk="low",
    ),
    Measure(
        "contact_not_on_site",
        CONTACT,
        "Colleagues do not say whether the employee is on site",
        risk="low",
    ),
    Measure(
        "contact_should_support",
        CONTACT,
        "Decide whether the employee should support the person at all",
        risk="medium_high",
    ),
    Measure(
        "contact_alternative_colleagues",
        CONTACT,
        "Named colleagues support the person instead of the employee",
        risk="medium_high",
    ),
    Measure(
        "contact_agree_not_to_approach",
        CONTACT,
        "The person agrees not to approach the employee or ask for them",
        risk="medium_high",
    ),
    Measure(
        "contact_risk_assessment",
        CONTACT,
        "Complete an individual risk assessment",
        risk="medium_high",
    ),
)
MEASURE_BY_CODE = {measure.code: measure for measure in MEASURES}
RISK_TITLES = {"low": "Low risk", "medium_high": "Medium or high risk, or harassment"}


def measures_in(section: str, risk: str | None = None) -> list[Measure]:
    return [m for m in MEASURES if m.section == section and (risk is None or m.risk == risk)]
