"""Turning incident values into words for pages, the API's readers and, later, PDFs."""

import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from harbour.cases import records, taxonomy
from harbour.cases.models import Channel, Impact, Location

FIELD_LABELS = {
    "employee": "Employee",
    "person": "Person of concern",
    "occurred_on": "Date",
    "occurred_time": "Time",
    "time_is_approximate": "Approximate",
    "location": "Where",
    "location_detail": "Where exactly",
    "channel": "How",
    "behaviours": "Behaviours",
    "account": "What happened",
    "person_description": "How the person looked",
    "clothing": "Clothing",
    "vehicle": "Vehicle",
    "witnesses": "Witnesses",
    "impacts": "Effect on the employee",
    "impact_detail": "More about the effect",
    "others_told": "Others told",
    "reported_to_police": "Reported to police",
    "crime_reference": "Crime reference",
    "police_officer": "Police officer",
    "action_taken": "Action taken at the time",
}
_CHOICES = {"location": dict(Location.choices), "channel": dict(Channel.choices)}
_IMPACTS = dict(Impact.choices)


def display_value(name: str, value, names) -> str:
    """A stored (JSON-safe) value as a person reads it; `names` (selectors.Names) turns ids into names."""
    if value in (None, "", []):
        return "Not known" if name == "person" else "—"
    if name == "employee":
        staff = names.staff_by_id.get(value)
        return staff.full_name if staff else "A former member of staff"
    if name == "person":
        person = names.people_by_id.get(value)
        return person.display_name if person else "A person no longer linked"
    if name == "occurred_on":
        return date_format(datetime.date.fromisoformat(value), "j F Y")
    if name in _CHOICES:
        return _CHOICES[name].get(value, value)
    if name == "behaviours":
        return ", ".join(taxonomy.names(value))
    if name == "impacts":
        return ", ".join(_IMPACTS.get(code, code) for code in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def when(record: records.IncidentRecord) -> str:
    text = date_format(record.occurred_on, "j F Y")
    if record.occurred_time:
        text += f" at {record.occurred_time.strftime('%H:%M')}"
    if record.time_is_approximate:
        text = f"About {text}"
    return text


def present_record(record: records.IncidentRecord, names) -> dict:
    rows = [
        {
            "name": name,
            "label": FIELD_LABELS[name],
            "value": display_value(name, record.values[name], names),
            "amended": name in record.amended_fields,
        }
        for name in records.AMENDABLE_FIELDS
        if name not in {"occurred_on", "occurred_time", "time_is_approximate"}
    ]
    return {
        "record": record,
        "pk": record.pk,
        "when": when(record),
        "rows": rows,
        "by_name": {row["name"]: row for row in rows},
        "amended": bool(record.amended_fields),
    }


def present_conduct(view, limit: int | None = None) -> dict:
    """The course-of-conduct result in words, for the case page banner and the pack.
    With a limit, each course links only its latest `limit` incidents and counts
    the earlier ones."""
    result = view.conduct
    by_id = {record.pk: record for record in view.incidents}

    def course_dict(course):
        return {
            "person": display_value("person", course.person_id, view.names),
            "employee": display_value("employee", course.employee_id, view.names),
            "count": len(course.occasions),
            "first": course.first_date,
            "last": course.last_date,
            "met_on": course.met_on,
            "incidents": [{"pk": pk, "when": when(by_id[pk])} for pk in course.incident_ids[-limit:]]
            if limit
            else [{"pk": pk, "when": when(by_id[pk])} for pk in course.incident_ids],
            "earlier": max(len(course.incident_ids) - limit, 0) if limit else 0,
            "gaps": course.long_gaps,
        }

    return {
        "conduct_courses": [course_dict(c) for c in result.courses if c.meets_test],
        "conduct_courses_pending": [course_dict(c) for c in result.courses if not c.meets_test],
        "conduct_several": [
            {"person": display_value("person", s.person_id, view.names), "count": len(s.employee_ids)}
            for s in result.several_staff
        ],
    }


def timeline(records, names) -> list[dict]:
    """Incident records (newest first, as the MOJ timeline shows them) in words,
    with the link, the recorder's name and the dates written out here: the case page
    shows ten of these, and the template's lookups and date filters on each cost
    more than the rest of its row."""
    items = []
    for record in records:
        item = present_record(record, names)
        item["title"] = item["by_name"]["behaviours"]["value"]
        incident = record.incident
        by = incident.recorded_by
        item["href"] = reverse("incident-detail", args=[incident.case_id, record.pk])
        item["recorded_by_name"] = by.get_full_name() or by.username
        item["occurred_iso"] = date_format(record.occurred_on, "Y-m-d")
        item["recorded_text"] = date_format(localtime(incident.recorded_at), r"j F Y \a\t H:i")
        shared = incident.shared_at
        item["shared_text"] = date_format(localtime(shared), "j F Y") if shared else ""
        items.append(item)
    return items
