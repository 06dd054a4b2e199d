"""The staff directory over the API: managers, headteachers and administrators read
it as on the page; administrators add and change staff through the same service
(schools/views.py). No case content is here."""

from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.http import Http404
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import AfterValidator

from harbour import access
from harbour.api.pagination import PageIn, page_of, paged
from harbour.api.routers.common import origin
from harbour.api.schemas import Id
from harbour.api.types import LEFT_AS_IT_IS, Flag, Input, answers, codes, model_text, text
from harbour.schools import selectors, services
from harbour.schools.models import Role, StaffMember

router = Router(tags=["staff directory"])


def _email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("Enter an e-mail address like name@school.example.") from None
    return value


Email = Annotated[model_text(StaffMember, "email"), AfterValidator(_email)]
FullName = model_text(StaffMember, "full_name", min_length=1)
JobTitle = model_text(StaffMember, "job_title")
Roles = codes(Role)


class StaffOut(Schema):
    id: int
    school_id: int
    full_name: str
    job_title: str
    email: str
    is_active: bool
    has_sign_in: bool
    roles: list[str]


class StaffIn(Input):
    school_id: Id
    full_name: FullName
    job_title: JobTitle = ""
    email: Email = ""
    is_active: Flag = True
    roles: Roles = []


class StaffChangeIn(Input):
    """Only the fields sent change."""

    full_name: FullName = LEFT_AS_IT_IS
    job_title: JobTitle = LEFT_AS_IT_IS
    email: Email = LEFT_AS_IT_IS
    is_active: Flag = LEFT_AS_IT_IS
    roles: Roles = LEFT_AS_IT_IS


def _staff_out(staff) -> dict:
    return {
        "id": staff.pk,
        "school_id": staff.school_id,
        "full_name": staff.full_name,
        "job_title": staff.job_title,
        "email": staff.email,
        "is_active": staff.is_active,
        "has_sign_in": staff.user_id is not None,
        "roles": sorted(r.role for r in staff.roles.all()),
    }


@router.get("", response=answers(paged(StaffOut), 404, 422))
def list_staff(request, pages: Query[PageIn], q: text(100) = "", school_id: Id | None = None):
    """Staff of the caller's schools by school then name; `q` matches a name or job
    title. 404 for anyone who is not a manager, headteacher or administrator."""
    schools = list(access.directory_schools(request.user))
    if not schools:
        raise Http404("No such page")
    if school_id is not None and school_id not in {s.pk for s in schools}:
        school_id = None
    rows, count = page_of(selectors.staff_list(schools, query=q, school_id=school_id), pages)
    return {"items": [_staff_out(s) for s in rows], "count": count}


@router.post("", response=answers({201: StaffOut}, 400, 403, 404, 422))
def add_staff(request, payload: StaffIn):
    """Add someone to a school's directory (its administrators)."""
    school = access.get_directory_school(request.user, payload.school_id)
    if not access.can_manage_staff(request.user, school.pk):
        raise PermissionDenied("Only the school's administrators add staff.")
    staff = services.save_staff(
        origin=origin(request), school=school, values=payload.dict(exclude={"school_id"})
    )
    return Status(201, _staff_out(access.get_staff_for_admin(request.user, staff.pk)))


@router.get("/{staff_id}", response=answers(StaffOut, 404, 422))
def read_staff(request, staff_id: Id):
    """One staff member's entry, for an administrator of their school."""
    return _staff_out(access.get_staff_for_admin(request.user, staff_id))


@router.patch("/{staff_id}", response=answers(StaffOut, 400, 404, 422))
def change_staff(request, staff_id: Id, payload: StaffChangeIn):
    staff = access.get_staff_for_admin(request.user, staff_id)
    values = {
        "full_name": staff.full_name,
        "job_title": staff.job_title,
        "email": staff.email,
        "is_active": staff.is_active,
        "roles": list(staff.roles.values_list("role", flat=True)),
        **payload.dict(exclude_unset=True),
    }
    services.save_staff(origin=origin(request), school=staff.school, values=values, staff=staff)
    return _staff_out(access.get_staff_for_admin(request.user, staff_id))
