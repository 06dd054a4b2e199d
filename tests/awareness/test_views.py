"""The awareness module's page and API, its completion record, the rates and My work's prompt."""

import datetime

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from harbour.api import services as api_services
from harbour.audit.models import AuditEvent
from harbour.audit.services import Origin
from harbour.awareness import content, services
from harbour.awareness.models import AwarenessCompletion
from tests import factories

RIGHT = dict(content.CORRECT)
FIRST = content.QUESTIONS[0]
WRONG_FIRST = next(code for code, _ in FIRST.options if code != FIRST.correct)


def _api(staff) -> Client:
    with transaction.atomic():
        _, raw = api_services.issue_token(origin=Origin(user=staff.user), name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _pass(staff, on):
    with transaction.atomic():
        services.submit_answers(origin=factories.origin(staff), staff=[staff], answers=RIGHT, on=on)


def test_a_wrong_answer_is_explained_and_nothing_is_recorded(world):
    client = world.client("colleague")
    response = client.post("/awareness/", {**RIGHT, FIRST.code: WRONG_FIRST})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert FIRST.explanation.split(".")[0] in page
    # Their answers are kept, to change the one that was wrong.
    assert f'value="{WRONG_FIRST}" checked' in page
    assert not AwarenessCompletion.objects.exists()
    assert not AuditEvent.objects.filter(action="awareness.completed").exists()


def test_an_unanswered_question_is_asked_for_and_a_wrong_one_explained_at_once(world):
    last = content.QUESTIONS[-1]
    wrong_last = next(code for code, _ in last.options if code != last.correct)
    answers = {code: answer for code, answer in RIGHT.items() if code != FIRST.code}
    response = world.client("colleague").post("/awareness/", {**answers, last.code: wrong_last})
    page = response.content.decode()
    assert "Choose an answer to this question." in page
    assert last.explanation.split(".")[0] in page
    assert "(optional)" not in page
    assert not AwarenessCompletion.objects.exists()


def test_an_answer_from_another_question_is_refused_beside_it(world):
    response = world.client("colleague").post("/awareness/", {**RIGHT, FIRST.code: "ordinary"})
    assert response.status_code == 200
    assert "Choose one of the answers given." in response.content.decode()
    assert not AwarenessCompletion.objects.exists()


def test_a_pass_is_recorded_with_its_date_and_audited_and_never_overwritten(world):
    client = world.client("colleague")
    response = client.post("/awareness/", RIGHT)
    assert response.status_code == 302
    first = AwarenessCompletion.objects.get()
    assert first.staff == world.colleague and first.school == world.school
    assert first.completed_on == timezone.localdate() and first.module_version == content.VERSION
    event = AuditEvent.objects.get(action="awareness.completed")
    assert event.object_id == str(first.pk) and event.actor == world.colleague.user
    # No answer is kept, in the row or the audit event.
    assert not any(answer in str(event.detail) for answer in RIGHT.values())
    page = client.get("/awareness/").content.decode()
    assert "You completed this module on" in page
    assert timezone.localdate().strftime("%B %Y").lstrip("0") in page
    client.post("/awareness/", RIGHT)
    assert AwarenessCompletion.objects.filter(staff=world.colleague).count() == 2
    first.refresh_from_db()
    assert first.completed_at <= AwarenessCompletion.objects.first().completed_at
    assert AuditEvent.objects.filter(action="awareness.completed").count() == 2


def test_someone_on_two_schools_staff_is_recorded_in_both(world):
    second = factories.make_staff(world.other_school, with_user=False)
    second.user = world.colleague.user
    second.save()
    client = world.client("colleague")
    assert client.post("/awareness/", RIGHT).status_code == 302
    assert set(AwarenessCompletion.objects.values_list("school_id", flat=True)) == {
        world.school.pk,
        world.other_school.pk,
    }
    history = client.get("/awareness/").content.decode().split('id="awareness-history"')[1]
    assert world.school.name in history and world.other_school.name in history


def test_without_a_staff_record_the_module_is_not_found(db):
    user = factories.get_user_model().objects.create_user(username="nobody", password=factories.PASSWORD)
    client = Client()
    client.force_login(user)
    assert client.get("/awareness/").status_code == 404
    assert client.post("/awareness/", RIGHT).status_code == 404


def test_my_work_prompts_until_passed_and_again_once_expired(world):
    client = world.client("colleague")
    assert 'id="awareness-due"' in client.get("/").content.decode()
    _pass(world.colleague, timezone.localdate())
    page = client.get("/").content.decode()
    assert 'id="awareness-due"' not in page and 'id="awareness-done"' in page
    AwarenessCompletion.objects.all().delete()  # test set-up only: the app never deletes one
    _pass(world.colleague, timezone.localdate() - datetime.timedelta(days=400))
    page = client.get("/").content.decode()
    assert 'id="awareness-due"' in page and "was due again by" in page


def test_my_work_costs_the_same_with_or_without_a_pass(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client("colleague")
    client.get("/")
    with CaptureQueriesContext(connection) as before:
        client.get("/")
    for days in (900, 500, 1):
        _pass(world.colleague, timezone.localdate() - datetime.timedelta(days=days))
    with CaptureQueriesContext(connection) as after:
        client.get("/")
    assert len(before) == len(after)
    awareness = [q["sql"] for q in after.captured_queries if "awareness" in q["sql"]]
    assert len(awareness) == 1


def test_a_shorter_renewal_period_makes_a_pass_due(world):
    _pass(world.colleague, timezone.localdate() - datetime.timedelta(days=100))
    client = world.client("colleague")
    assert 'id="awareness-done"' in client.get("/").content.decode()
    world.school.awareness_renewal_months = 3
    world.school.save()
    assert 'id="awareness-due"' in client.get("/").content.decode()


# --- the rates ------------------------------------------------------------------------


def test_head_sees_their_schools_rate_only(world):
    _pass(world.colleague, timezone.localdate())
    page = world.client("head").get("/awareness/rates/").content.decode()
    assert world.school.name in page and world.other_school.name not in page
    assert world.colleague.full_name not in page  # counts, never names
    other = world.client("other_head").get("/awareness/rates/").content.decode()
    assert world.other_school.name in other and world.school.name not in other


def test_trust_lead_sees_every_school_of_the_trust(world):
    page = world.client("trust_lead").get("/awareness/rates/").content.decode()
    assert world.school.name in page and world.other_school.name in page


def test_rates_api_counts_and_other_schools_are_not_found(world):
    _pass(world.colleague, timezone.localdate())
    head = _api(world.head)
    rate = head.get(f"/api/v1/awareness/rates/{world.school.pk}").json()
    active = world.school.staff.filter(is_active=True).count()
    assert rate == {
        "school_id": world.school.pk,
        "school_name": world.school.name,
        "renewal_months": 12,
        "active_staff": active,
        "completed_current": 1,
        "percent": round(100 / active),
    }
    assert head.get(f"/api/v1/awareness/rates/{world.other_school.pk}").status_code == 404
    assert head.get("/api/v1/awareness/rates/999999").status_code == 404
    assert _api(world.other_head).get(f"/api/v1/awareness/rates/{world.school.pk}").status_code == 404
    listed = _api(world.trust_lead).get("/api/v1/awareness/rates").json()
    assert listed["count"] == 2 and {r["school_id"] for r in listed["items"]} == {
        world.school.pk,
        world.other_school.pk,
    }


def test_rates_page_costs_the_same_for_two_schools_as_for_thirty(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client("trust_lead")
    client.get("/awareness/rates/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/awareness/rates/").status_code == 200
    trust = world.school.trust
    for n in range(30):
        school = factories.make_school(f"Added School {n:02}", trust)
        school.awareness_renewal_months = 1 + n % 4
        school.save()
        staff = factories.make_staff(school, with_user=False)
        _pass(staff, timezone.localdate())
    with CaptureQueriesContext(connection) as large:
        response = client.get("/awareness/rates/")
    assert len(small) == len(large)
    page = response.content.decode()
    assert "Showing 1 to 25 of 32 schools" in page and 'rel="next"' in page


# --- the API ----------------------------------------------------------------------------


def test_module_api_gives_the_questions_but_not_the_answers(world):
    module = _api(world.colleague).get("/api/v1/awareness/module").json()
    assert [q["code"] for q in module["questions"]] == list(content.QUESTION_CODES)
    assert all(set(q) == {"code", "prompt", "options"} for q in module["questions"])
    assert not any(q.explanation in str(module) for q in content.QUESTIONS)
    assert len(module["myths"]) == 5


def test_answers_api_marks_records_only_a_pass_and_reports_status(world):
    client = _api(world.colleague)
    assert client.get("/api/v1/awareness/status").json()["status"] == "missing"
    wrong = [{"question": q, "answer": a} for q, a in {**RIGHT, FIRST.code: WRONG_FIRST}.items()]
    marked = client.post("/api/v1/awareness/answers", {"answers": wrong}, content_type="application/json")
    assert marked.status_code == 200
    assert marked.json() == {
        "passed": False,
        "wrong": [{"question": FIRST.code, "explanation": FIRST.explanation}],
        "unanswered": [],
        "completed_on": None,
    }
    assert not AwarenessCompletion.objects.exists()
    right = [{"question": q, "answer": a} for q, a in RIGHT.items()]
    passed = client.post("/api/v1/awareness/answers", {"answers": right}, content_type="application/json")
    assert passed.json()["passed"] is True
    status = client.get("/api/v1/awareness/status").json()
    assert status["status"] == "current" and status["completed_on"] == timezone.localdate().isoformat()
    assert AwarenessCompletion.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"answers": [{"question": "no_such_question", "answer": "true"}]},
        {"answers": [{"question": FIRST.code, "answer": "maybe"}]},
        {"answers": [{"question": FIRST.code, "answer": "false", "why": "guess"}]},
        {"answers": [], "extra": 1},
        {"answers": [{"question": FIRST.code, "answer": "false"}] * 2},
        {"answers": [{"question": FIRST.code, "answer": "ordinary"}]},
        {"answers": "all true"},
        {},
    ],
)
def test_answers_api_refuses_bad_input_with_a_422(world, body):
    response = _api(world.colleague).post("/api/v1/awareness/answers", body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert "errors" in response.json()
    assert not AwarenessCompletion.objects.exists()


# --- the school's setting ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, message",
    [("0", "Enter at least 1 month."), ("61", "Enter 60 months or fewer."), ("six", "Enter a whole number")],
)
def test_renewal_period_out_of_bounds_is_explained(world, value, message):
    form = {
        "name": world.school.name,
        "conduct_gap_days": "90",
        "escalation_window_days": "28",
        "awareness_renewal_months": value,
    }
    response = world.client("head").post(f"/school-settings/{world.school.pk}/", form)
    assert response.status_code == 200 and message in response.content.decode()
    world.school.refresh_from_db()
    assert world.school.awareness_renewal_months == 12


def test_renewal_period_saved_from_the_settings_page(world):
    form = {
        "name": world.school.name,
        "conduct_gap_days": "90",
        "escalation_window_days": "28",
        "awareness_renewal_months": "24",
    }
    assert world.client("head").post(f"/school-settings/{world.school.pk}/", form).status_code == 302
    world.school.refresh_from_db()
    assert world.school.awareness_renewal_months == 24


def test_renewal_period_over_the_api_is_audited_and_bounded(world):
    head = _api(world.head)
    path = f"/api/v1/awareness/schools/{world.school.pk}/renewal"
    assert head.get(path).json() == {"school_id": world.school.pk, "renewal_months": 12}
    response = head.put(path, {"renewal_months": 6}, content_type="application/json")
    assert response.json() == {"school_id": world.school.pk, "renewal_months": 6}
    event = AuditEvent.objects.filter(action="school.settings_changed").latest("pk")
    assert event.detail == {"fields": ["awareness_renewal_months"]} and event.actor == world.head.user
    for bad in ({"renewal_months": 0}, {"renewal_months": 61}, {"renewal_months": "6"}, {"months": 6}):
        assert head.put(path, bad, content_type="application/json").status_code == 422
    world.school.refresh_from_db()
    assert world.school.awareness_renewal_months == 6
    other = f"/api/v1/awareness/schools/{world.other_school.pk}/renewal"
    assert head.put(other, {"renewal_months": 3}, content_type="application/json").status_code == 404
    assert _api(world.colleague).get(path).status_code == 404


def test_the_service_refuses_a_period_out_of_bounds(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError), transaction.atomic():
        services.set_renewal_months(origin=factories.origin(world.head), school=world.school, months=0)
    world.school.refresh_from_db()
    assert world.school.awareness_renewal_months == 12


def test_a_body_that_is_not_json_is_a_documented_400(world):
    client = _api(world.head)
    for method, path in (
        ("post", "/api/v1/awareness/answers"),
        ("put", f"/api/v1/awareness/schools/{world.school.pk}/renewal"),
    ):
        response = getattr(client, method)(path, b"\xff{", content_type="application/json")
        assert response.status_code == 400
    assert not AwarenessCompletion.objects.exists()
    from harbour.api.api import api

    paths = api.get_openapi_schema(path_prefix="/api/v1/")["paths"]
    assert 400 in paths["/api/v1/awareness/answers"]["post"]["responses"]
    assert 400 in paths["/api/v1/awareness/schools/{school_id}/renewal"]["put"]["responses"]
