"""Subject access exports: a person's data as a ZIP of a readable PDF and the
same content as JSON.

What is withheld, and why (UK GDPR Art 15(4), DPA 2018 Sch 2 para 16: another
person's data is not disclosed without reason):
- the employee's export names no one else: the person of concern becomes
  "the person of concern", staff who recorded or opened things are not named,
  and the fields that exist to describe or name other people (the person's
  description, clothing and vehicle, witnesses, who else was told, the police
  officer, the diary's "who", the names and telephone numbers of the emergency
  contacts and check-in person in the travel arrangement) are withheld. What the
  employee or staff wrote
  about what happened to them (the account, its corrections, the plan, the
  meeting notes, the travel arrangement's check-in plan) is theirs and included
  as written, and so is the timeline of what the school has done on their cases
  that "Your support" shows them;
- a person of concern's export holds what is recorded about them and what they
  did (dates, kinds of place and contact, behaviours, restrictions and their
  own representations, contact attempts), never who it was directed at: no
  staff names, no accounts, no reasons written by staff, no case's other people.
  A data protection officer who decides more may be released reads the case.
Built on the request: even a long record is a few hundred rows, and the PDF of
a large case renders in about a second (see the tests)."""

import datetime
import io
import json
import zipfile

from django.utils import timezone

from harbour.awareness.models import AwarenessCompletion
from harbour.cases import records, taxonomy
from harbour.cases.models import Case, CaseMember, CircleRole, Incident, Location, PersonOfConcern
from harbour.diary.models import DiaryEntry
from harbour.documents import pdf_from_template
from harbour.evidence.models import EvidenceItem
from harbour.frontdesk.models import ContactAttempt, ContactRestriction
from harbour.plans import appendix
from harbour.plans.models import Meeting, PlanAction, TravelArrangement
from harbour.prevention.models import CHECKLIST_ITEMS, CheckIn, OnlineSafetyCheck
from harbour.referrals.models import PoliceContact, SharingConsent
from harbour.risk.models import RiskDecision
from harbour.web import timeline

WITHHELD = "[withheld: another person's details]"
CHECKLIST = dict(CHECKLIST_ITEMS)


def _when(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _label(choices, value) -> str:
    return dict(choices).get(value, value or "")


def _section(title: str, rows: list[dict], empty: str = "Nothing recorded.") -> dict:
    return {"title": title, "records": rows, "empty": empty}


# --- the employee ------------------------------------------------------------------


def _incident_row(record) -> dict:
    incident = record.incident
    return {
        "Case": incident.case.reference,
        "Happened on": _when(record.occurred_on),
        "Time": record.values.get("occurred_time") or "",
        "Where": _label(Location.choices, record.location),
        "Place": record.location_detail,
        "How": _label(incident._meta.get_field("channel").choices, record.channel),
        "Behaviours": ", ".join(taxonomy.names(record.behaviours)),
        "What happened": record.account,
        "Effect": ", ".join(record.values.get("impacts") or []),
        "Effect in their words": record.impact_detail,
        "Reported to the police": "yes" if record.reported_to_police else "no",
        "Crime reference": record.crime_reference,
        "Action taken": record.action_taken,
        "The person of concern": "the person of concern" if record.values.get("person") else "",
        "Description, clothing, vehicle, witnesses, others told, police officer": WITHHELD,
        "Recorded at": _when(incident.recorded_at),
        "Corrections": [
            {"At": _when(a.at), "Why": a.reason, "Fields changed": ", ".join(sorted(a.changes))}
            for a in incident.amendments.all()
        ],
    }


def _withheld_if(value: str) -> str:
    return WITHHELD if value else ""


def _travel_row(t) -> dict:
    return {
        "Case": t.case.reference,
        "Recorded": _when(t.recorded_at),
        "Emergency contact": _withheld_if(t.contact_name or t.contact_phone),
        "Their relationship to you": t.contact_relationship,
        "Second emergency contact": _withheld_if(t.second_contact_name or t.second_contact_phone),
        "The second contact's relationship to you": t.second_contact_relationship,
        "Who you check in with": _withheld_if(t.check_in_with),
        "When you check in": t.check_in_when,
        "If you do not check in": t.if_no_check_in,
        "Shared with your case team": "yes" if t.shared_with_case_team else "no",
    }


def _timeline_rows(staff_records: list, cases: list) -> list[dict]:
    """What "Your support" shows the employee the school has done, in full: the
    same rows (harbour.web.timeline), read as the employee's own account reads them."""
    user = next((s.user for s in staff_records if s.user_id), None)
    if user is None or not cases:
        return []
    references = {c.pk: c.reference for c in cases}
    return [
        {
            "Case": references.get(e.case_id, e.reference),
            "On": _when(e.on),
            "What": e.title,
            "Detail": e.detail,
        }
        for e in timeline.events(timeline.rows(user, cases))
    ]


def employee_export(staff_records: list) -> dict:
    """Everything Harbour holds about the employee these staff records are of."""
    staff_ids = [s.pk for s in staff_records]
    case_ids = list(
        CaseMember.objects.filter(staff_id__in=staff_ids, role=CircleRole.EMPLOYEE).values_list(
            "case_id", flat=True
        )
    )
    cases = list(Case.objects.filter(pk__in=case_ids).select_related("school").order_by("opened_at"))
    incidents = (
        Incident.objects.filter(case_id__in=case_ids, employee_id__in=staff_ids)
        .select_related("case")
        .prefetch_related("amendments")
    )
    about = [
        {
            "Name": s.full_name,
            "Job title": s.job_title,
            "E-mail": s.email,
            "School": s.school.name,
            "Roles": ", ".join(sorted(r.get_role_display() for r in s.roles.all())),
        }
        for s in staff_records
    ]
    sections = [
        _section("About you", about),
        _section(
            "Your cases",
            [
                {
                    "Case": c.reference,
                    "School": c.school.name,
                    "Status": c.get_status_display(),
                    "Opened": _when(c.opened_at),
                    "Status history": [
                        {"Status": ch.get_status_display(), "At": _when(ch.at)}
                        for ch in c.status_changes.all()
                    ],
                    "Your choices about who knows": [
                        {
                            "At": _when(ch.at),
                            "Colleagues may know": ch.get_colleagues_may_know_display(),
                            "Front-desk instruction": ch.front_desk_instruction,
                            "Workplace Champion sees": ch.get_champion_sees_display(),
                        }
                        for ch in c.confidentiality_choices.all()
                    ],
                }
                for c in cases
            ],
        ),
        _section("What the school has done on your cases", _timeline_rows(staff_records, cases)),
        _section("Incidents recorded about you", [_incident_row(r) for r in records.current_all(incidents)]),
        _section(
            "Evidence",
            [
                {
                    "Case": e.case.reference,
                    "Kind": e.get_kind_display(),
                    "Description": e.description,
                    "Kept": e.get_held_where_display(),
                    "File": e.original_name,
                    "Added": _when(e.added_at),
                }
                for e in EvidenceItem.objects.filter(
                    case_id__in=case_ids, incident__employee_id__in=staff_ids
                )
                .select_related("case")
                .order_by("added_at")
            ],
        ),
        _section(
            "Action plans",
            [
                {
                    "Case": a.case.reference,
                    "Section": getattr(appendix.SECTION_BY_CODE.get(a.section), "title", a.section),
                    "Action agreed": a.agreed,
                    "Status": a.get_status_display(),
                    "Date in place": _when(a.in_place_on),
                    "Next review": _when(a.next_review_on),
                }
                for a in PlanAction.objects.filter(case_id__in=case_ids)
                .select_related("case")
                .order_by("created_at")
            ],
        ),
        _section(
            "Your travel arrangements (every version you recorded, newest first)",
            [
                _travel_row(t)
                for t in TravelArrangement.objects.filter(case_id__in=case_ids)
                .select_related("case")
                .order_by("-recorded_at", "-id")
            ],
        ),
        _section(
            "Meetings",
            [
                {
                    "Case": m.case.reference,
                    "Held on": _when(m.held_on),
                    "Notes": [
                        {
                            "Area": code,
                            "Covered": "yes" if area.get("covered") else "no",
                            "Notes": area.get("notes", ""),
                        }
                        for code, area in sorted(m.areas.items())
                    ],
                    "Next meeting": _when(m.next_meeting_on),
                }
                for m in Meeting.objects.filter(case_id__in=case_ids)
                .select_related("case")
                .order_by("held_on")
            ],
        ),
        _section(
            "Police",
            [
                {
                    "Case": p.case.reference,
                    "Reporting to the police": p.get_intends_to_report_display(),
                    "Wants support": "yes" if p.wants_support else "no",
                    "Reported on": _when(p.reported_on),
                    "Crime reference": p.crime_reference,
                    "Officer and stalking contact": WITHHELD if (p.officer or p.stalking_contact) else "",
                    "Notes": p.notes,
                    "Recorded": _when(p.recorded_at),
                }
                for p in PoliceContact.objects.filter(case_id__in=case_ids)
                .select_related("case")
                .order_by("recorded_at")
            ],
        ),
        _section(
            "Your choices about sharing a summary of your case",
            [
                {
                    "Case": c.case.reference,
                    "With": c.get_recipient_display(),
                    "Your choice": c.get_decision_display(),
                    "Made": _when(c.at),
                }
                for c in SharingConsent.objects.filter(case_id__in=case_ids, employee_id__in=staff_ids)
                .select_related("case")
                .order_by("at", "pk")
            ],
        ),
        _section(
            "Risk decisions",
            [
                {
                    "Case": d.case.reference,
                    "Level": d.get_level_display(),
                    "Why": d.reason,
                    "Decided": _when(d.decided_at),
                }
                for d in RiskDecision.objects.filter(case_id__in=case_ids)
                .select_related("case")
                .order_by("decided_at")
            ],
        ),
        _section(
            "Your private diary",
            [
                {
                    "Happened on": _when(d.occurred_on),
                    "Where": _label(Location.choices, d.location),
                    "Behaviours": ", ".join(taxonomy.names(d.behaviours)),
                    "What happened": d.account,
                    "Who": WITHHELD if d.who else "",
                    "Written": _when(d.recorded_at),
                    "Shared": _when(d.shared_at),
                }
                for d in DiaryEntry.objects.filter(author_id__in=staff_ids).order_by("recorded_at")
            ],
        ),
        _section(
            "Check-ins",
            [
                {"Held on": _when(c.held_on), "Any concern": c.get_concern_display(), "Notes": c.notes}
                for c in CheckIn.objects.filter(employee_id__in=staff_ids).order_by("held_on")
            ],
        ),
        _section(
            "Online-safety checklists",
            [
                {
                    "Completed": _when(c.completed_on),
                    "Done": [CHECKLIST.get(code, code) for code in c.items],
                    "Look again on": _when(c.revisit_on),
                }
                for c in OnlineSafetyCheck.objects.filter(employee_id__in=staff_ids).order_by("completed_on")
            ],
        ),
        _section(
            "The awareness module",
            [
                {"Passed on": _when(a.completed_on), "School": a.school.name, "Version": a.module_version}
                for a in AwarenessCompletion.objects.filter(staff_id__in=staff_ids)
                .select_related("school")
                .order_by("completed_on", "pk")
            ],
        ),
    ]
    subject = staff_records[0].full_name if staff_records else ""
    return _export("employee", subject, sections)


# --- a person of concern ------------------------------------------------------------


def person_export(person: PersonOfConcern) -> dict:
    incidents = Incident.objects.filter(person=person).order_by("occurred_on", "occurred_time", "pk")
    sections = [
        _section(
            "What is recorded about you",
            [
                {
                    "Name": person.name,
                    "Also known as": person.aliases,
                    "Relationship to the school": person.get_relationship_display(),
                    "Description": person.description,
                    "Vehicle": person.vehicle,
                    "Context": person.context,
                    "Recorded": _when(person.created_at),
                    "Cases you are named in": person.cases.count(),
                }
            ],
        ),
        _section(
            "Incidents attributed to you",
            [
                {
                    "Happened on": _when(r.occurred_on),
                    "Where": _label(Location.choices, r.location),
                    "How": _label(Incident._meta.get_field("channel").choices, r.channel),
                    "Behaviours": ", ".join(taxonomy.names(r.behaviours)),
                    "After a restriction": "yes" if r.incident.contact_after_restriction else "no",
                    "Account, and who it concerned": WITHHELD,
                }
                for r in records.current_all(incidents.prefetch_related("amendments"))
                if r.values.get("person") == person.pk
            ],
        ),
        _section(
            "Restrictions on contact",
            [
                {
                    "Restriction": r.get_kind_display(),
                    "Stage": r.get_stage_display(),
                    "Warned on": _when(r.warned_on),
                    "Representations by": _when(r.representations_by),
                    "Your representations": r.representations,
                    "Representations made on": _when(r.representations_on),
                    "Decided on": _when(r.decided_on),
                    "Review on": _when(r.review_on),
                    "Details and reasons written by staff": WITHHELD,
                }
                for r in ContactRestriction.objects.filter(person=person).order_by("warned_on")
            ],
        ),
        _section(
            "Contact with the school logged by reception",
            [
                {"How": a.get_how_display(), "At": _when(a.at)}
                for a in ContactAttempt.objects.filter(person=person).order_by("at")
            ],
        ),
    ]
    return _export("person_of_concern", person.display_name, sections)


# --- the files -------------------------------------------------------------------


def _export(kind: str, subject: str, sections: list[dict]) -> dict:
    return {
        "kind": kind,
        "subject": subject,
        "produced_at": _when(timezone.now()),
        "withheld": (
            "Other people's names and details are withheld (UK GDPR Art 15(4));"
            " where a field was, it says so."
        ),
        "sections": sections,
    }


def _printable(value):
    """A record as the PDF lays it out: (label, text, [nested records]) rows."""
    if isinstance(value, dict):
        return [(label, *_cell(v)) for label, v in value.items()]
    return value


def _cell(value) -> tuple[str, list]:
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "", [_printable(v) for v in value]
    if isinstance(value, list):
        return "; ".join(map(str, value)) or "—", []
    if value in (None, ""):
        return "—", []
    return str(value), []


def zip_of(export: dict) -> bytes:
    sections = [
        {"title": s["title"], "empty": s["empty"], "records": [_printable(r) for r in s["records"]]}
        for s in export["sections"]
    ]
    pdf = pdf_from_template("retention/subject_access_pdf.html", {"export": export, "sections": sections})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("subject-access.pdf", pdf)
        archive.writestr("subject-access.json", json.dumps(export, indent=2, ensure_ascii=False))
    return buffer.getvalue()
