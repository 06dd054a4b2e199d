"""Your support: the timeline of what the school has done, the support the school
offers, the quick exit and discreet titles on employee pages, and the diary's
reminder that what is shared may reach a court."""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from harbour.audit.services import Origin
from harbour.cases import confidentiality
from harbour.cases import services as case_services
from harbour.frontdesk import services as frontdesk
from harbour.plans import services as plans
from harbour.risk import services as risk
from harbour.schools import helplines, support
from harbour.web import discreet, timeline
from tests import factories

TODAY = timezone.localdate


def _meeting(w, held_on, next_on=None):
    with transaction.atomic():
        return plans.record_meeting(
            origin=Origin(user=w.manager.user),
            case=w.case,
            held_on=held_on,
            areas={"explore": {"covered": True, "notes": "Private notes from the meeting."}},
            next_meeting_on=next_on or held_on + datetime.timedelta(days=14),
        )


def _travel_action(w, in_place_on, agreed="Walk to the car park with a colleague."):
    return plans.add_action(
        origin=Origin(user=w.manager.user),
        case=w.case,
        section="travel",
        values={"agreed": agreed, "status": "in_place", "in_place_on": in_place_on},
    )


def _warning(w, warned_on):
    return frontdesk.warn(
        origin=Origin(user=w.head.user),
        case=w.case,
        person=w.person,
        values={
            "kind": "site_ban",
            "reason": "Waited at the gate for a member of staff.",
            "warned_on": warned_on,
            "representations_by": warned_on + datetime.timedelta(days=7),
        },
    )


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# --- the timeline --------------------------------------------------------------------


def test_the_timeline_shows_what_the_school_did_newest_first(world):
    today = TODAY()
    _meeting(world, today - datetime.timedelta(days=30))
    _travel_action(world, today - datetime.timedelta(days=20))
    _warning(world, today - datetime.timedelta(days=10))
    risk.decide_level(
        origin=Origin(user=world.manager.user), case=world.case, level="medium", reason="Threats."
    )
    case_services.change_case_status(
        origin=Origin(user=world.manager.user), case=world.case, status="monitoring", note="Quiet for now."
    )
    events = timeline.events(timeline.rows(world.employee.user, [world.case]))
    kinds = [event.kind for event in events]
    # today (the world's case was opened today): the opening, the risk decision and
    # the move to monitoring, newest first; then the warning, the action, the meeting
    assert kinds == ["status", "risk", "status", "restriction", "action", "meeting"]
    assert [event.title for event in events][0] == "Your case moved to monitoring"
    assert [event.title for event in events][2] == "Your case was opened"
    assert [event.on for event in events] == sorted((event.on for event in events), reverse=True)
    assert events[4].title == "Put in place: travelling to and from work"
    assert events[4].detail == "Walk to the car park with a colleague."
    assert events[5].detail.startswith("You agreed to meet again on")


def test_the_timeline_names_no_person_and_carries_no_notes(world):
    today = TODAY()
    _meeting(world, today - datetime.timedelta(days=3))
    _warning(world, today - datetime.timedelta(days=2))
    risk.decide_level(
        origin=Origin(user=world.manager.user), case=world.case, level="high", reason="Secret risk reasoning."
    )
    body = _text(world.client("employee").get("/your-support/timeline/"))
    assert "A warning was given" in body
    for hidden in (
        "Pat Concern",
        "Private notes from the meeting",
        "Secret risk reasoning",
        "Waited at the gate",
    ):
        assert hidden not in body


def test_actions_not_yet_in_place_or_awaiting_the_head_are_left_out(world):
    today = TODAY()
    plans.add_action(
        origin=Origin(user=world.manager.user),
        case=world.case,
        section="travel",
        values={"agreed": "Agreed, not in place yet.", "status": "agreed"},
    )
    plans.add_action(
        origin=Origin(user=world.manager.user),
        case=world.case,
        section="contact",
        measure="contact_not_on_site",
        values={"agreed": "Pending measure.", "status": "agreed", "in_place_on": today},
    )
    details = [e.detail for e in timeline.events(timeline.rows(world.employee.user, [world.case]))]
    assert "Agreed, not in place yet." not in details
    assert "Pending measure." not in details


def test_only_the_employee_s_own_cases_feed_the_timeline(world):
    other_employee = factories.make_staff(world.school, full_name="Other Employee")
    other_case = factories.make_case(world.manager, other_employee)
    # Someone else's case, even passed in by mistake, gives the employee nothing.
    assert list(timeline.rows(world.employee.user, [other_case])) == []
    # The manager is not the employee of the world's case: no timeline from it.
    assert list(timeline.rows(world.manager.user, [world.case])) == []


def test_your_support_shows_a_few_events_and_links_to_the_rest(world):
    start = TODAY() - datetime.timedelta(days=100)
    for n in range(7):
        _meeting(world, start + datetime.timedelta(days=10 * n))
    body = _text(world.client("employee").get("/your-support/"))
    assert body.count('class="moj-timeline__item"') == timeline.PREVIEW
    assert 'id="timeline-all"' in body
    page = _text(world.client("employee").get("/your-support/timeline/"))
    assert page.count('class="moj-timeline__item"') == 8  # seven meetings and the opening
    assert "Showing 1 to 8 of 8 events" in page


def test_a_new_case_says_nothing_has_happened_yet_rather_than_an_empty_list(world):
    employee = factories.make_staff(world.school, username="newbie", full_name="New Bee")
    factories.make_case(world.manager, employee)
    response = world.client("employee").get("/your-support/")
    assert response.status_code == 200
    client = world.client("employee")
    client.force_login(employee.user)
    body = _text(client.get("/your-support/"))
    assert "Your case was opened" in body


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "path", ["/your-support/", "/your-support/timeline/", "/your-support/timeline/?page=2"]
)
def test_your_support_and_the_timeline_cost_the_same_for_a_long_record(world, path):
    client = world.client("employee")
    _meeting(world, TODAY() - datetime.timedelta(days=200))
    small = _queries(client, path)
    start = TODAY() - datetime.timedelta(days=190)
    for n in range(40):
        _meeting(world, start + datetime.timedelta(days=4 * n))
        _travel_action(world, start + datetime.timedelta(days=4 * n))
    large = _queries(client, path)
    assert small == large, f"{path}: {small} queries for a short record, {large} for a long one"


def test_the_timeline_api_is_paged_and_typed(world):
    _meeting(world, TODAY() - datetime.timedelta(days=3))
    api = factories.api_client(world.employee)
    answer = api.get("/api/v1/your-support/timeline?page_size=1").json()
    assert answer["count"] == 2
    assert answer["items"][0]["kind"] == "status"  # the case was opened today, after the meeting's date
    assert answer["items"][0]["reference"] == world.case.reference
    overview = api.get("/api/v1/your-support").json()
    assert [c["reference"] for c in overview["cases"]] == [world.case.reference]
    assert [e["kind"] for e in overview["latest"]] == ["status", "meeting"]
    assert overview["more_events"] is False
    assert api.get("/api/v1/your-support/timeline?page_size=0").status_code == 422
    # A manager has no case of their own: an empty timeline, not the case they run.
    manager = factories.api_client(world.manager).get("/api/v1/your-support/timeline").json()
    assert manager == {"items": [], "count": 0}


# --- support resources -------------------------------------------------------------


def test_your_support_shows_the_champion_and_the_national_helplines_by_default(world):
    world.school.workplace_champion = world.champion
    world.school.save()
    body = _text(world.client("employee").get("/your-support/"))
    assert "Cam Champion" in body
    for line in helplines.NATIONAL:
        assert line.name in body
    assert "116 123" in body  # Samaritans' number, the one Harbour is sure of


def test_the_school_adds_employee_assistance_and_its_own_lines(world):
    client = world.client("admin")
    data = {
        "employee_assistance_name": "Care First",
        "employee_assistance_phone": "0800 000 1234",
        "employee_assistance_url": "https://carefirst.example",
        "employee_assistance_about": "Any time; say you work at Riverside.",
        "line_0_name": "County stalking advocate",
        "line_0_phone": "01632 960 000",
    }
    response = client.post(f"/school-settings/{world.school.pk}/support/", data)
    assert response.status_code == 302
    world.school.refresh_from_db()
    assert world.school.show_national_helplines is False  # unticked box
    assert world.school.local_helplines == [
        {"name": "County stalking advocate", "phone": "01632 960 000", "url": "", "about": ""}
    ]
    body = _text(world.client("employee").get("/your-support/"))
    assert "Care First" in body and "County stalking advocate" in body
    assert helplines.NATIONAL[0].name not in body
    from harbour.audit.models import AuditEvent

    event = AuditEvent.objects.get(action="school.support_resources_changed")
    assert "County stalking advocate" not in str(event.detail)  # field names only


def test_bad_support_settings_are_refused_beside_the_field_and_nothing_is_saved(world):
    client = world.client("head")
    response = client.post(
        f"/school-settings/{world.school.pk}/support/",
        {"employee_assistance_phone": "call me", "line_1_phone": "0800 1", "show_national_helplines": "on"},
    )
    assert response.status_code == 200
    body = _text(response)
    assert "govuk-error-summary" in body
    assert "Enter the name of the employee assistance service." in body
    assert 'id="id_line_1_name-error"' in body
    world.school.refresh_from_db()
    assert world.school.employee_assistance_phone == ""


def test_support_rules_as_plain_functions():
    assert helplines.is_phone("116 123")
    assert helplines.is_phone("+44 (0)20 7946 0000")
    assert not helplines.is_phone("ring me")
    assert not helplines.is_phone("12")
    assert support.problems({"local_helplines": [{"name": "A"}]}) == {
        "local_helplines.0.phone": "Enter a telephone number or a website for this service."
    }
    assert support.problems({"local_helplines": [{"name": "A", "url": "https://a.example"}]}) == {}
    # A link on the page is only ever to a web address: never javascript: or a bare word.
    for bad in ("javascript:alert(1)", "a.example", "ftp://a.example"):
        assert support.problems({"local_helplines": [{"name": "A", "url": bad}]}) == {
            "local_helplines.0.url": "Enter a full web address, starting https://"
        }
    assert "employee_assistance_url" in support.problems(
        {"employee_assistance_name": "Care", "employee_assistance_url": "javascript:alert(1)"}
    )
    assert "local_helplines.4.name" in support.problems({"local_helplines": [{"name": "A", "url": "x"}] * 5})


def test_the_support_settings_api(world):
    api = factories.api_client(world.admin)
    path = f"/api/v1/schools/{world.school.pk}/support-resources"
    assert api.get(path).json()["show_national_helplines"] is True
    saved = api.put(
        path,
        {
            "employee_assistance_name": "Care First",
            "local_helplines": [{"name": "Local line", "phone": "0800 1234"}],
        },
        content_type="application/json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["local_helplines"][0]["name"] == "Local line"
    bad = api.put(
        path, {"local_helplines": [{"name": "X", "phone": "nope"}]}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert "local_helplines.0.phone" in bad.json()["errors"]
    script = api.put(
        path,
        {"local_helplines": [{"name": "X", "url": "javascript:alert(1)"}]},
        content_type="application/json",
    )
    assert script.status_code == 422 and "local_helplines.0.url" in script.json()["errors"]
    unknown = api.put(path, {"colour": "red"}, content_type="application/json")
    assert unknown.status_code == 422
    # An employee cannot read another school's settings, or their own school's.
    assert factories.api_client(world.employee).get(path).status_code == 404


# --- quick exit and discreet titles -----------------------------------------------


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def employee_pages(w):
    entry_client = w.client("employee")
    entry_client.post(
        "/diary/new/",
        {
            "occurred_on_0": "2",
            "occurred_on_1": "11",
            "occurred_on_2": "2026",
            "location": "online",
            "behaviours": ["unwanted_messages"],
            "account": "Messages again.",
        },
    )
    from harbour.diary.models import DiaryEntry

    entry = DiaryEntry.objects.get(author=w.employee)
    case = w.case.pk
    return [
        "/your-support/",
        "/your-support/timeline/",
        "/diary/",
        "/diary/new/",
        f"/diary/{entry.pk}/",
        f"/cases/{case}/",
        f"/cases/{case}/incidents/new/",
        f"/cases/{case}/incidents/{w.incident.pk}/",
        f"/cases/{case}/plan/",
        f"/cases/{case}/plan/travel/",
        f"/cases/{case}/confidentiality/",
        f"/cases/{case}/access-log/",
        f"/cases/{case}/circle/",
        f"/cases/{case}/referrals/",
    ]


def test_every_employee_page_has_the_quick_exit_and_a_discreet_title(world):
    client = world.client("employee")
    for path in employee_pages(world):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert 'data-module="govuk-exit-this-page"' in body, path
        assert f'href="{discreet.DEFAULT_EXIT_URL}"' in body, path
        title = _title(response)
        assert title.endswith("– Staff portal"), f"{path}: {title}"
        for telling in ("Case", "HB-", "Harbour", "stalk", "harass", "incident", "diary"):
            assert telling.lower() not in title.lower(), f"{path}: {title}"


def test_the_exit_is_a_plain_link_that_works_without_javascript(world):
    body = world.client("employee").get("/your-support/").content.decode()
    link = re.search(r'<a href="([^"]+)" role="button"[^>]*govuk-exit-this-page__button[^>]*>', body)
    assert link and link.group(1) == discreet.DEFAULT_EXIT_URL
    assert 'rel="nofollow noreferrer"' in link.group(0)  # the neutral site is not told where they came from


def test_the_content_security_policy_does_not_stop_the_exit(world):
    policy = world.client("employee").get("/your-support/")["Content-Security-Policy"]
    # Following a link is not limited by any directive the policy sets (no navigate-to).
    assert "navigate-to" not in policy


def test_managers_reading_the_same_case_keep_the_usual_title_and_no_exit(world):
    for persona in ("manager", "head", "member"):
        response = world.client(persona).get(f"/cases/{world.case.pk}/")
        assert response.status_code == 200
        assert "govuk-exit-this-page" not in response.content.decode()
        assert _title(response) == f"Case {world.case.reference} – Harbour"
    # And pages that are nobody's own case, such as the case list, are not employee pages.
    assert "govuk-exit-this-page" not in world.client("employee").get("/cases/").content.decode()


def test_a_form_error_on_an_employee_page_still_says_error(world):
    response = world.client("employee").post("/diary/new/", {"location": "nowhere"})
    assert response.status_code == 200
    assert _title(response) == "Error: New note – Staff portal"


# --- the diary's reminder --------------------------------------------------------------


def test_the_diary_reminds_that_shared_entries_may_reach_a_court(world):
    client = world.client("employee")
    new = _text(client.get("/diary/new/"))
    assert 'class="govuk-warning-text"' in new and "a court or tribunal could later see it" in new
    client.post(
        "/diary/new/",
        {
            "occurred_on_0": "2",
            "occurred_on_1": "11",
            "occurred_on_2": "2026",
            "location": "online",
            "behaviours": ["unwanted_messages"],
            "account": "Messages again.",
        },
    )
    diary = _text(client.get("/diary/"))
    assert "may be disclosed to a court or tribunal" in diary


def test_choices_do_not_change_who_sees_the_timeline(world):
    """The timeline is the employee's: a champion let into everything still gets no timeline of it."""
    confidentiality.set_choices(
        origin=Origin(user=world.employee.user),
        case=world.case,
        colleagues_may_know="nothing",
        champion_sees="everything",
        front_desk_instruction="",
    )
    body = _text(world.client("champion").get("/your-support/"))
    assert 'class="moj-timeline__item"' not in body
