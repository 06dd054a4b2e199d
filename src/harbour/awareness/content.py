"""The awareness module's text and questions, in Harbour's own words (drawn from
the school's guidance, not copied from it). Kept as data so the page and the API
give the same module; VERSION changes whenever the meaning of a section or a
question changes, and is stored on each completion."""

from dataclasses import dataclass

VERSION = "2026-12"


@dataclass(frozen=True)
class Section:
    code: str
    heading: str
    paragraphs: tuple[str, ...]
    points: tuple[str, ...] = ()
    after: tuple[str, ...] = ()


@dataclass(frozen=True)
class Myth:
    myth: str
    truth: str


@dataclass(frozen=True)
class Question:
    code: str
    prompt: str
    options: tuple[tuple[str, str], ...]  # (answer code, label)
    correct: str
    explanation: str  # shown when someone chooses another answer


SECTIONS = (
    Section(
        code="stalking",
        heading="What stalking looks like at school",
        paragraphs=(
            "Stalking is attention that someone does not want and that keeps coming back. "
            "When the same person does it to you on two or more occasions and it leaves you "
            "alarmed, upset or afraid they might hurt you, it is stalking, whatever they say they meant.",
            "At school it is often quieter than people expect. It can look like a parent or visitor who:",
        ),
        points=(
            "keeps remarking on your appearance, your clothes or what you get up to",
            "will only deal with you, and waits or asks until you are free",
            "turns up wherever you are without a real reason",
            "follows you or stops you in the street, on your way home or away from school",
            "leaves gifts, cards or notes for you at school",
            "damages your car or your belongings",
            "spreads stories about you, or makes complaints about you that are not true, "
            "to the school, the police or anyone else",
            "asks your colleagues where you live, when you work or who you see",
        ),
    ),
    Section(
        code="cyberstalking",
        heading="Online, and by phone",
        paragraphs=("The same behaviour through a screen is cyberstalking. Look out for someone who:",),
        points=(
            "searches for you on social media and collects what they find",
            "sends you messages or pictures you have not asked for",
            "pretends to be you online, or posts things about you that are unkind or false",
            "uses what they found online to ring you, frighten you or come to your home or work",
        ),
    ),
    Section(
        code="sexual-harassment",
        heading="Sexual harassment",
        paragraphs=(
            "Sexual harassment is against the law (the Equality Act 2010), and your employer must take "
            "reasonable steps to stop it happening, including by parents and visitors. It is unwanted "
            "behaviour of a sexual nature that takes away your dignity, or makes the place you work "
            "(in person or online) intimidating, hostile, degrading, humiliating or offensive. For example:",
        ),
        points=(
            "sexual comments, jokes or gestures",
            "staring or leering at your body",
            "sexual insults or names",
            "sexual e-mails, texts or direct messages you did not want",
            "showing or sending sexual pictures or videos",
            "touching or groping",
            "someone exposing themselves",
        ),
    ),
    Section(
        code="report",
        heading="How to report it in Harbour",
        paragraphs=(
            "Small things are worth recording. Stalking and harassment usually grow over time, and "
            "what seemed minor on its own often matters later. You will never be blamed for being "
            "friendly or helpful to a parent.",
        ),
        points=(
            "Tell your line manager. They can meet you privately, record what happened as an incident "
            "and agree with you what happens next, including what stays confidential.",
            "If you manage a case, record the incident on it straight away: Harbour stamps the time it "
            "was saved and keeps every later correction beside the original.",
            "Keep your own notes in your diary in Harbour. Only you can see them until you choose to "
            "share some or all of them.",
            "You can report to the police at any time, and your school will support you. Note the crime "
            "reference in Harbour so it stays with the record.",
            "Your school's Workplace Champion offers confidential support and advice.",
        ),
    ),
    Section(
        code="front-desk",
        heading="What the front desk does",
        paragraphs=(
            "When you choose it, reception is given a short alert: how to recognise the person and what "
            "to do when they ring or arrive. Reception never sees your case.",
        ),
        points=(
            "The first person the visitor speaks to helps them, or passes them to someone else, "
            "never to you.",
            "Nobody tells the visitor whether you are in school.",
            "Reception logs every attempt to reach you in two clicks. After a restriction, an attempt "
            "becomes an incident on the case and the case owner is told straight away.",
        ),
    ),
)

MYTHS_HEADING = "Myths, and what is true"
MYTHS_INTRO = "Stalking rarely looks the way films show it. Each of these is a common belief, and wrong."
MYTHS = (
    Myth(
        "A stalker is someone who follows you around.",
        "Following is only one form. An uncomfortable conversation that keeps happening, or contact "
        "online, can be stalking too.",
    ),
    Myth(
        "You can tell a stalker by their odd behaviour.",
        "Many seem quite ordinary, and what they do can be subtle and easy to explain away.",
    ),
    Myth(
        "Stalkers are men.",
        "People of any gender stalk. Recent figures suggest up to three in ten cases involve a woman.",
    ),
    Myth(
        "A stalker sets out to frighten you.",
        "Motives vary: loneliness, wanting control, misreading a professional kindness as personal "
        "interest, not understanding boundaries, or a sexual motive. The harm is the same.",
    ),
    Myth(
        "Stalkers are strangers.",
        "They may be strangers, but they are as often someone you know: a parent, a customer or a colleague.",
    ),
)

TRUE, FALSE = ("true", "True"), ("false", "False")

QUESTIONS = (
    Question(
        code="only_following",
        prompt="True or false: it is only stalking if the person follows you.",
        options=(TRUE, FALSE),
        correct="false",
        explanation="False. Following is one form among many: repeated unwanted conversations, gifts, "
        "messages or contact online can all be stalking.",
    ),
    Question(
        code="looks_ordinary",
        prompt="A parent who is stalking a member of staff will usually:",
        options=(
            ("strange", "behave strangely, so colleagues will notice"),
            ("ordinary", "seem quite ordinary, and be subtle about what they do"),
            ("threaten", "make open threats from the start"),
        ),
        correct="ordinary",
        explanation="Many people who stalk appear quite ordinary, and what they do can be subtle. "
        "Do not wait for strange behaviour before you record something.",
    ),
    Question(
        code="any_gender",
        prompt="True or false: stalkers are almost always men.",
        options=(TRUE, FALSE),
        correct="false",
        explanation="False. People of any gender stalk; up to three in ten cases involve a woman.",
    ),
    Question(
        code="motive",
        prompt="Why might a parent keep seeking out one member of staff?",
        options=(
            ("scare", "Only because they want to scare them"),
            (
                "many",
                "For many reasons, such as loneliness, control or mistaking kindness for personal interest",
            ),
            ("staff_fault", "Because the member of staff was too friendly"),
        ),
        correct="many",
        explanation="Motives vary widely, and being friendly or helpful is never the cause: "
        "good support to parents is never to blame for unwanted behaviour.",
    ),
    Question(
        code="strangers",
        prompt="True or false: stalkers are usually strangers to the person they target.",
        options=(TRUE, FALSE),
        correct="false",
        explanation="False. A stalker may be a stranger, but is as often someone known: a parent, "
        "a customer or a colleague.",
    ),
    Question(
        code="report_early",
        prompt="A parent has twice left a card for you at reception. What should you do?",
        options=(
            ("wait", "Wait until something more serious happens"),
            ("tell", "Tell your line manager, or note it in your Harbour diary, now"),
            ("confront", "Speak to the parent yourself and ask them to stop"),
        ),
        correct="tell",
        explanation="Record it early. Small things often come before worse ones, and a good record "
        "helps your school and the police act. Tell your line manager or keep it in your diary.",
    ),
)

QUESTION_CODES = tuple(question.code for question in QUESTIONS)
ANSWER_CODES = tuple(sorted({code for question in QUESTIONS for code, _ in question.options}))
CORRECT = {question.code: question.correct for question in QUESTIONS}
BY_CODE = {question.code: question for question in QUESTIONS}
