"""Every form field is bounded, and over-long or odd answers to the main forms give the
form back with a message beside the field — never a 500, and nothing saved (issue 11)."""

import importlib
import inspect
import pkgutil

from django import forms
from django.contrib.auth.forms import AuthenticationForm

import harbour
from harbour import limits
from harbour.cases.models import Incident, PersonOfConcern
from harbour.diary.models import DiaryEntry
from harbour.frontdesk.models import ContactRestriction
from harbour.plans.models import PlanAction
from harbour.prevention.models import CheckIn
from harbour.risk.models import RiskDecision


def _form_classes():
    for module in pkgutil.walk_packages(harbour.__path__, "harbour."):
        if not any(part in module.name for part in ("forms", "views")):
            continue
        loaded = importlib.import_module(module.name)
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == loaded.__name__:
                yield cls


def test_every_text_field_of_every_form_has_a_length_limit():
    unbounded = []
    classes = list(_form_classes())
    for cls in classes:
        # Django's sign-in form sets the username's limit when it is made.
        fields = cls().fields if issubclass(cls, AuthenticationForm) else cls.base_fields
        for name, field in fields.items():
            # Django's own sign-in password is hashed, never stored, and the request
            # body is bounded by DATA_UPLOAD_MAX_MEMORY_SIZE.
            if issubclass(cls, AuthenticationForm) and name == "password":
                continue
            if isinstance(field, forms.CharField) and field.max_length is None:
                unbounded.append(f"{cls.__module__}.{cls.__name__}.{name}")
    assert len(classes) > 20  # the walk found the forms
    assert unbounded == []


def test_fields_added_per_area_of_the_meeting_are_bounded():
    from harbour.plans.forms import MeetingForm

    form = MeetingForm()
    notes = [field for name, field in form.fields.items() if name.endswith("_notes")]
    assert notes and all(field.max_length == limits.TEXT for field in notes)


TOO_LONG = "x" * (limits.TEXT + 1)
HUGE_YEAR = {"_0": "1", "_1": "1", "_2": "9" * 30}


def _date(name, parts):
    return {f"{name}{suffix}": value for suffix, value in parts.items()}


def _cases(world):
    case = world.case.pk
    return [
        # (persona, url, posted, field with the error, model that must not grow)
        (
            "manager",
            f"/cases/{case}/incidents/new/",
            {
                "employee": world.employee.pk,
                "location": "on_site",
                "channel": "in_person",
                "behaviours": ["seeking_out"],
                "account": TOO_LONG,
                "reported_to_police": "no",
                **_date("occurred_on", {"_0": "1", "_1": "11", "_2": "2026"}),
            },
            "account",
            Incident,
        ),
        (
            "manager",
            f"/cases/{case}/incidents/new/",
            {"employee": world.employee.pk, "account": "Fine.", **_date("occurred_on", HUGE_YEAR)},
            "occurred_on",
            Incident,
        ),
        (
            "manager",
            f"/cases/{case}/incidents/new/",
            {
                "employee": world.employee.pk,
                "account": "Fine.",
                **_date("occurred_on", {"_0": "1", "_1": "1", "_2": "2999"}),
            },
            "occurred_on",
            Incident,
        ),
        (
            "manager",
            f"/cases/{case}/incidents/new/",
            {"employee": "9" * 30, "location": "mars", "account": "nul\x00byte"},
            "account",
            Incident,
        ),
        (
            "employee",
            "/diary/new/",
            {
                "location": "on_site",
                "behaviours": ["seeking_out"],
                "account": TOO_LONG,
                **_date("occurred_on", HUGE_YEAR),
            },
            "account",
            DiaryEntry,
        ),
        ("manager", "/people/new/", {"relationship": "parent", "name": "n" * 201}, "name", PersonOfConcern),
        (
            "manager",
            "/people/new/",
            {"relationship": "not-a-code", "name": "Pat"},
            "relationship",
            PersonOfConcern,
        ),
        (
            "head",
            f"/cases/{case}/restrictions/new/",
            {"person": world.person.pk, "kind": "site_ban", "reason": TOO_LONG},
            "reason",
            ContactRestriction,
        ),
        (
            "head",
            f"/cases/{case}/risk/",
            {"level": "medium", "reason": "r" * (limits.REASON + 1)},
            "reason",
            RiskDecision,
        ),
        (
            "manager",
            f"/cases/{case}/plan/actions/new/?section=travel",
            {"agreed": "a" * (limits.NOTE + 1), "status": "agreed"},
            "agreed",
            PlanAction,
        ),
        (
            "manager",
            "/check-ins/new/",
            {
                "employee": world.employee.pk,
                "concern": "no",
                "notes": TOO_LONG,
                **_date("held_on", HUGE_YEAR),
            },
            "notes",
            CheckIn,
        ),
    ]


def test_over_long_and_odd_answers_give_the_form_back_with_the_error(world):
    for persona, url, posted, field, model in _cases(world):
        before = model.objects.count()
        response = world.client(persona).post(url, posted)
        assert response.status_code == 200, (url, posted.keys(), response.status_code)
        form = response.context["form"]
        assert field in form.errors, (url, field, form.errors)
        assert "govuk-error-summary" in response.content.decode()
        assert model.objects.count() == before, url


def test_confidentiality_police_and_settings_forms_refuse_what_they_cannot_hold(world):
    case = world.case.pk
    employee = world.client("employee")
    response = employee.post(
        f"/cases/{case}/confidentiality/",
        {"colleagues_may_know": "front_desk", "champion_sees": "nothing", "front_desk_instruction": TOO_LONG},
    )
    assert response.status_code == 200 and "front_desk_instruction" in response.context["form"].errors
    response = employee.post(
        f"/cases/{case}/referrals/police/",
        {"police-intends_to_report": "undecided", "police-notes": TOO_LONG},
    )
    assert response.status_code == 200 and "notes" in response.context["police_form"].errors
    assert not world.case.police_contacts.exists()
    response = world.client("head").post(
        f"/school-settings/{world.school.pk}/",
        {"name": world.school.name, "conduct_gap_days": "9" * 30, "escalation_window_days": "28"},
    )
    assert response.status_code == 200 and "conduct_gap_days" in response.context["form"].errors
    world.school.refresh_from_db()
    assert world.school.conduct_gap_days == 90
