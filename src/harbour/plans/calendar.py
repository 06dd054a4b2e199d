"""Calendar invitations (.ics) for meetings and reviews. An invitation travels into shared
calendars, so it names no one and says nothing of the case: a title and a link."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event


def next_meeting_invitation(*, meeting, link: str, host: str) -> bytes:
    return all_day_invitation(
        uid=f"harbour-meeting-{meeting.pk}-next@{host}",
        day=meeting.next_meeting_on,
        summary="Harbour follow-up meeting",
        description=f"A follow-up meeting agreed in Harbour. Details: {link}",
        link=link,
    )


def review_invitation(*, case, link: str, host: str) -> bytes:
    # The uid stays the same when the review moves, so a calendar updates the event.
    return all_day_invitation(
        uid=f"harbour-review-{case.pk}@{host}",
        day=case.next_review_on,
        summary="Harbour review",
        description=f"A review booked in Harbour. Details: {link}",
        link=link,
    )


def all_day_invitation(*, uid: str, day: datetime.date, summary: str, description: str, link: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Harbour//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now())
    # The date is agreed, the time usually is not: an all-day event on that day.
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", link)
    event.add("transp", "TRANSPARENT")
    calendar.add_component(event)
    return calendar.to_ical()
