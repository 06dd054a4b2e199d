"""The demo's observations at Riverside (called once from demo.py's build, inside
its transaction): what colleagues and reception noticed. None is accepted, so the
record and its counts are as the rest of the demo leaves them; Amira (`amira`) can
add Grace's to her record, and Helen (`helen`) and Daniel (`daniel`) can read it."""

import datetime

from django.utils import timezone

from harbour.audit.services import Origin
from harbour.observations import services
from harbour.observations.models import Kind, Source


def load(staff: dict) -> None:
    today = timezone.localdate()
    for filer, about, kind, source, days_ago, location, description, who in (
        (
            "Grace Okafor",
            "Amira Hassan",
            Kind.ASKED_ABOUT,
            Source.COLLEAGUE,
            4,
            "near_site",
            "At pick-up a man asked me which days Miss Hassan teaches and what time she usually "
            "leaves. I said I could not say and went inside.",
            "White man, about 40, grey hooded top. He said he was a parent in Year 4.",
        ),
        (
            "Joanne Reid",
            "Ruth Adeyemi",
            Kind.ASKED_BY_NAME,
            Source.FRONT_DESK,
            2,
            "phone",
            "Caller asked for Mrs Adeyemi by name and whether she is in on Fridays. Second call "
            "this week. Would not leave a message.",
            "A woman's voice; withheld number.",
        ),
        (
            "Owen Hughes",
            "Tom Bennett",
            Kind.SEEKING_OUT,
            Source.COLLEAGUE,
            9,
            "on_site",
            "The same dad has waited by the Year 2 door three mornings running asking for Tom.",
            "Tall man in a blue work jacket.",
        ),
    ):
        filed_by, employee = staff[filer], staff[about]
        services.file_observation(
            origin=Origin(user=filed_by.user, via="cli"),
            filer=filed_by,
            about=employee,
            kind=kind,
            source=source,
            description=description,
            seen_on=today - datetime.timedelta(days=days_ago),
            seen_time=datetime.time(15, 20),
            location=location,
            person_description=who,
        )
