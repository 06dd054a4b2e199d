"""The behaviour taxonomy, shipped as data.

Groups follow the guidance: stalking at work, cyberstalking, sexual harassment,
and threats or violence. Severity is 1 (lower), 2 (serious) or 3 (most serious);
`min_risk` is the lowest risk level a case showing the behaviour should be given
("medium" for anything sexual, physical, threatening, or severe and repeated
verbal abuse), which the risk rules use to propose a level.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Group:
    code: str
    name: str


@dataclass(frozen=True)
class Behaviour:
    code: str
    group: str
    name: str
    explanation: str
    severity: int
    min_risk: str = "low"


GROUPS = (
    Group("stalking", "Stalking at work"),
    Group("cyberstalking", "Cyberstalking"),
    Group("sexual_harassment", "Sexual harassment"),
    Group("threats_violence", "Threats, violence and abuse"),
)

BEHAVIOURS = (
    # Stalking at work
    Behaviour(
        "comments_on_appearance",
        "stalking",
        "Comments on looks, clothes or activities",
        "Remarks about how the employee looks, what they wear or what they do.",
        1,
    ),
    Behaviour(
        "fixation_on_employee",
        "stalking",
        "Insisting on one particular employee",
        "Will only deal with this employee, or keeps asking for them by name.",
        1,
    ),
    Behaviour(
        "seeking_out",
        "stalking",
        "Seeking the employee out without reason",
        "Repeatedly finds or waits for the employee when there is no real need.",
        2,
    ),
    Behaviour(
        "following_outside_work",
        "stalking",
        "Following or approaching outside work",
        "Follows the employee, or approaches them in the street or away from school.",
        3,
    ),
    Behaviour(
        "unwanted_gifts",
        "stalking",
        "Unwanted gifts or cards",
        "Leaves or sends gifts, cards or letters the employee did not want.",
        2,
    ),
    Behaviour(
        "property_damage",
        "stalking",
        "Damage to property or vehicle",
        "Damages something belonging to the employee, such as their car.",
        3,
        "medium",
    ),
    Behaviour(
        "defamation",
        "stalking",
        "Rumours or false complaints",
        "Spreads rumours or makes false complaints about the employee to the school, "
        "the police or anyone else.",
        2,
    ),
    Behaviour(
        "asking_colleagues",
        "stalking",
        "Asking colleagues about the employee",
        "Tries to get information about the employee from their colleagues.",
        2,
    ),
    # Cyberstalking
    Behaviour(
        "information_gathering",
        "cyberstalking",
        "Gathering information online",
        "Looks the employee up, for example on social media, to learn about their life.",
        2,
    ),
    Behaviour(
        "unwanted_messages",
        "cyberstalking",
        "Unwanted messages or images",
        "Sends messages or pictures online that the employee did not want.",
        2,
    ),
    Behaviour(
        "impersonation",
        "cyberstalking",
        "Impersonation or false posts",
        "Pretends to be the employee online, or posts untrue or unkind things about them.",
        2,
    ),
    Behaviour(
        "online_to_offline",
        "cyberstalking",
        "Using what was found online to intimidate",
        "Uses information found online to call the employee or turn up at their home or work.",
        3,
    ),
    # Sexual harassment
    Behaviour(
        "sexual_comments",
        "sexual_harassment",
        "Sexual comments, jokes or gestures",
        "Remarks, jokes or gestures of a sexual kind.",
        2,
        "medium",
    ),
    Behaviour(
        "staring",
        "sexual_harassment",
        "Staring or leering",
        "Staring at the employee's body in a sexual way.",
        2,
        "medium",
    ),
    Behaviour(
        "slurs",
        "sexual_harassment",
        "Sexual slurs or names",
        "Calling the employee degrading names.",
        2,
        "medium",
    ),
    Behaviour(
        "sexual_messages",
        "sexual_harassment",
        "Unwanted sexual messages",
        "E-mails, texts or direct messages of a sexual kind.",
        2,
        "medium",
    ),
    Behaviour(
        "sexual_images",
        "sexual_harassment",
        "Sharing sexual images or videos",
        "Showing or sending inappropriate pictures or videos.",
        3,
        "medium",
    ),
    Behaviour(
        "touching",
        "sexual_harassment",
        "Touching or groping",
        "Any unwanted touching of a sexual kind.",
        3,
        "medium",
    ),
    Behaviour(
        "exposure",
        "sexual_harassment",
        "Indecent exposure",
        "Exposing themselves to the employee.",
        3,
        "medium",
    ),
    # Threats, violence and abuse
    Behaviour(
        "threats",
        "threats_violence",
        "Threats",
        "Threatens the employee, their family or their property, in person or otherwise.",
        3,
        "medium",
    ),
    Behaviour(
        "physical_violence",
        "threats_violence",
        "Physical violence",
        "Any assault or use of force against the employee.",
        3,
        "medium",
    ),
    Behaviour(
        "verbal_abuse",
        "threats_violence",
        "Severe or repeated verbal abuse",
        "Shouting, swearing or insults that are severe or keep happening.",
        2,
        "medium",
    ),
)

BY_CODE = {behaviour.code: behaviour for behaviour in BEHAVIOURS}
GROUP_NAMES = {group.code: group.name for group in GROUPS}


def choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for forms, in the guidance's order."""
    return [(group.name, [(b.code, b.name) for b in BEHAVIOURS if b.group == group.code]) for group in GROUPS]


def names(codes) -> list[str]:
    return [BY_CODE[code].name for code in codes if code in BY_CODE]
