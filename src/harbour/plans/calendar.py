"""Calendar invitations (.ics) for meetings. An invitation travels into shared
calendars, so it names no one and says nothing of the case: a title and a link."""

import datetime

from django.utils import timezone
from icalendar import Calendar, Event


def next_meeting_invitation(*, meeting, link: str, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Harbour//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"harbour-meeting-{meeting.pk}-next@{host}")
    event.add("dtstamp", timezone.now())
    # The date is agreed, the time usually is not: an all-day event on that day.
    event.add("dtstart", meeting.next_meeting_on)
    event.add("dtend", meeting.next_meeting_on + datetime.timedelta(days=1))
    event.add("summary", "Harbour follow-up meeting")
    event.add("description", f"A follow-up meeting agreed in Harbour. Details: {link}")
    event.add("url", link)
    event.add("transp", "TRANSPARENT")
    calendar.add_component(event)
    return calendar.to_ical()
