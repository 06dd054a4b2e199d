from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Query, Router
from ninja.responses import Status

from harbour import access
from harbour.api.pagination import PageIn, answer, paged
from harbour.api.routers.common import origin
from harbour.api.schemas import Id, PersonCreateIn, PersonIn, PersonOut
from harbour.api.types import answers, text
from harbour.cases import selectors, services

router = Router(tags=["people of concern"])


@router.get("", response=answers(paged(PersonOut), 422))
def list_people(request, pages: Query[PageIn], q: text(100) = "", school_id: Id | None = None):
    """People of concern the caller may see, by name; `q` matches a name or other name."""
    people = selectors.people_list(access.visible_people(request.user), query=q, school_id=school_id)
    return answer(people, pages)


@router.post("", response=answers({201: PersonOut}, 400, 403, 404, 422))
def create_person(request, payload: PersonCreateIn):
    """Record a person of concern, optionally linking them to a case straight away."""
    schools = {s.pk: s for s in access.schools_for_new_person(request.user)}
    if not schools:
        raise PermissionDenied("Only line managers and headteachers add people of concern.")
    case = None
    if payload.case_id is not None:
        case = access.get_case(request.user, payload.case_id)
        if not access.can_manage_case(request.user, case):
            raise PermissionDenied("Only the case owner or the headteacher links people to a case.")
    school_id = payload.school_id or (case.school_id if case else next(iter(schools)))
    if school_id not in schools or (case and case.school_id != school_id):
        raise ValidationError({"school_id": "Use a school where you may add people of concern."})
    values = payload.dict(exclude={"school_id", "case_id"})
    person = services.create_person(
        origin=origin(request), school=schools[school_id], values=values, case=case
    )
    return Status(201, person)


@router.get("/{person_id}", response=answers(PersonOut, 404, 422))
def read_person(request, person_id: Id):
    return access.get_person(request.user, person_id)


@router.patch("/{person_id}", response=answers(PersonOut, 400, 403, 404, 422))
def update_person(request, person_id: Id, payload: PersonIn):
    person = access.get_person(request.user, person_id)
    if not access.can_edit_person(request.user, person):
        raise PermissionDenied("Only line managers and headteachers change people of concern.")
    values = payload.dict(exclude_unset=True)
    return services.update_person(origin=origin(request), person=person, values=values)
