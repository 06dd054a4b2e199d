"""A school's settings over the API, for whoever changes them on the page: the same
access predicate, the page's form (its rules and messages) and the same service
(schools/views.py)."""

from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Router, Schema
from pydantic import Field

from harbour import access
from harbour.api.routers.common import origin
from harbour.api.schemas import Id
from harbour.api.types import LEFT_AS_IT_IS, Input, answers, model_text
from harbour.schools import services
from harbour.schools.forms import SchoolSettingsForm
from harbour.schools.models import School

router = Router(tags=["school settings"])

FIELDS = SchoolSettingsForm.Meta.fields
# Within what the database holds; the form says what the school may choose.
Count = Annotated[int, Field(ge=0, le=32767)]


class SchoolSettingsOut(Schema):
    id: int
    name: str
    workplace_champion_id: int | None
    unacceptable_actions_policy_url: str
    cctv_policy_url: str
    conduct_gap_days: int
    escalation_window_days: int
    awareness_renewal_months: int


class SchoolSettingsIn(Input):
    """Only the fields sent change; `workplace_champion_id` may be null to clear it."""

    name: model_text(School, "name", min_length=1) = LEFT_AS_IT_IS
    workplace_champion_id: Id | None = LEFT_AS_IT_IS
    unacceptable_actions_policy_url: model_text(School, "unacceptable_actions_policy_url") = LEFT_AS_IT_IS
    cctv_policy_url: model_text(School, "cctv_policy_url") = LEFT_AS_IT_IS
    conduct_gap_days: Count = LEFT_AS_IT_IS
    escalation_window_days: Count = LEFT_AS_IT_IS
    awareness_renewal_months: Count = LEFT_AS_IT_IS


def _out(school) -> dict:
    return {
        "id": school.pk,
        **{name: getattr(school, name) for name in FIELDS if name != "workplace_champion"},
        "workplace_champion_id": school.workplace_champion_id,
    }


@router.get("/settings", response=answers(list[SchoolSettingsOut]))
def list_school_settings(request):
    """The schools whose settings the caller changes (headteachers, administrators)."""
    return [_out(school) for school in access.settings_schools(request.user).order_by("name", "pk")]


@router.get("/{school_id}/settings", response=answers(SchoolSettingsOut, 404, 422))
def read_school_settings(request, school_id: Id):
    return _out(access.get_settings_school(request.user, school_id))


@router.patch("/{school_id}/settings", response=answers(SchoolSettingsOut, 400, 404, 422))
def change_school_settings(request, school_id: Id, payload: SchoolSettingsIn):
    school = access.get_settings_school(request.user, school_id)
    data = {name: getattr(school, name) for name in FIELDS if name != "workplace_champion"}
    data["workplace_champion"] = school.workplace_champion_id
    sent = payload.dict(exclude_unset=True)
    if "workplace_champion_id" in sent:
        data["workplace_champion"] = sent.pop("workplace_champion_id")
    data.update(sent)
    form = SchoolSettingsForm({k: "" if v is None else v for k, v in data.items()}, instance=school)
    if not form.is_valid():
        errors = {
            ("workplace_champion_id" if k == "workplace_champion" else k): v for k, v in form.errors.items()
        }
        raise ValidationError(errors)
    return _out(services.save_school_settings(origin=origin(request), form=form))
