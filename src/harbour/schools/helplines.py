"""National services an employee can turn to, shown on "Your support" unless the
school turns them off, and the rules for the school's own extra lines.

Only numbers Harbour is sure of are written here; every other service is shown by
its name and website, where the current number is always given. A school adds the
numbers it has checked (or its local services) as its own lines in the settings."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

# A school's own lines beside the national ones: a few, not a directory.
LOCAL_LIMIT = 4
NAME_LIMIT = 120
PHONE_LIMIT = 40
URL_LIMIT = 200
ABOUT_LIMIT = 300

PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{2,38}$")


@dataclass(frozen=True)
class Helpline:
    name: str
    about: str
    url: str
    phone: str = ""


NATIONAL = (
    Helpline(
        name="National Stalking Helpline (run by the Suzy Lamplugh Trust)",
        about="Advice and support for anyone affected by stalking, and for the people helping them.",
        url="https://www.suzylamplugh.org",
    ),
    Helpline(
        name="Paladin National Stalking Advocacy Service",
        about="Specialist stalking advocates who help people at high risk, including with the police.",
        url="https://paladinservice.co.uk",
    ),
    Helpline(
        name="Protection Against Stalking",
        about="A charity supporting people who are being stalked and their families.",
        url="https://www.protectionagainststalking.org",
    ),
    Helpline(
        name="Rape Crisis England and Wales",
        about="Support for anyone affected by sexual violence or sexual harassment.",
        url="https://rapecrisis.org.uk",
    ),
    Helpline(
        name="Education Support",
        about="A confidential helpline for people who work in schools, colleges and universities.",
        url="https://www.educationsupport.org.uk",
    ),
    Helpline(
        name="Samaritans",
        about="Someone to talk to, any time of day or night, about whatever is troubling you.",
        url="https://www.samaritans.org",
        phone="116 123",
    ),
)


def is_web_address(value: str) -> bool:
    """A full http(s) address: what a link on the page may point at (never javascript:)."""
    try:
        URLValidator(schemes=["https", "http"])(value)
    except ValidationError:
        return False
    return True


def is_phone(value: str) -> bool:
    """A telephone number as people write it: digits, spaces, brackets, dashes, a leading +."""
    return bool(PHONE.match(value)) and sum(char.isdigit() for char in value) >= 3


def local_lines(school) -> list[Helpline]:
    return [
        Helpline(
            name=line["name"],
            about=line.get("about", ""),
            url=line.get("url", ""),
            phone=line.get("phone", ""),
        )
        for line in (school.local_helplines or [])
    ]


def lines_for(school) -> list[Helpline]:
    """What the school's staff are shown: its own lines first, then the national ones."""
    return [*local_lines(school), *(NATIONAL if school.show_national_helplines else ())]


def line_problems(lines: list[dict]) -> dict[tuple[int, str], str]:
    """What is wrong with the school's own lines, by (position, field)."""
    errors: dict[tuple[int, str], str] = {}
    if len(lines) > LOCAL_LIMIT:
        errors[(LOCAL_LIMIT, "name")] = f"Add at most {LOCAL_LIMIT} lines of your own."
    for index, line in enumerate(lines[:LOCAL_LIMIT]):
        if not line.get("name"):
            errors[(index, "name")] = "Enter the name of the service, or leave the whole line empty."
        if line.get("phone") and not is_phone(line["phone"]):
            errors[(index, "phone")] = "Enter a telephone number, like 0800 123 4567."
        if line.get("url") and not is_web_address(line["url"]):
            errors[(index, "url")] = "Enter a full web address, starting https://"
        if line.get("name") and not line.get("phone") and not line.get("url"):
            errors[(index, "phone")] = "Enter a telephone number or a website for this service."
    return errors
