"""People of concern: the list, adding one, their page, editing, linking to a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import selectors, services
from harbour.cases.forms import LinkPersonForm, PersonForm, apply_service_errors
from harbour.cases.models import Case
from harbour.plans.models import PlanAction
from harbour.web import errors
from harbour.web.pagination import paginate
from harbour.web.query import school_choices, school_param

PEOPLE_PAGE = 25


@login_required
def person_list(request):
    schools = list(access.roles_by_school(request.user))
    query = request.GET.get("q", "")[:100]
    school_id = school_param(request.GET.get("school"), schools)
    people = selectors.people_list(access.visible_people(request.user), query=query, school_id=school_id)
    page = paginate(request, people, per_page=PEOPLE_PAGE, noun="people")
    return render(
        request,
        "cases/person_list.html",
        {
            "people": page.object_list,
            "page": page,
            "query": query,
            "school_id": school_id,
            "schools": school_choices(schools),
            "can_add": access.schools_for_new_person(request.user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request):
    school = access.schools_for_new_person(request.user).first()
    if school is None:
        raise Http404("No such page")
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(
                origin=Origin.from_request(request), school=school, values=form.values()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{person.display_name} added.")
            return redirect("person-detail", person_id=person.pk)
    return render(request, "cases/person_form.html", {"form": form, "person": None})


@login_required
def person_detail(request, person_id):
    person = access.get_person(request.user, person_id)
    cases = list(
        access.record_cases(request.user).filter(people=person).select_related("owner").order_by("-opened_at")
    )
    services.record_person_view(origin=Origin.from_request(request), person=person)
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "cases": cases,
            "can_edit": access.can_edit_person(request.user, person),
            # Warnings and restrictions on cases the user may read, with the case's contact measures.
            "restrictions": person.restrictions.filter(case__in=[c.pk for c in cases]).select_related("case"),
            "measures": PlanAction.objects.filter(case__in=[c.pk for c in cases], section="contact")
            .exclude(status="stopped")
            .select_related("case"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, person_id):
    person = access.get_person(request.user, person_id)
    if not access.can_edit_person(request.user, person):
        return errors.forbidden(request)
    form = PersonForm(
        request.POST or None,
        initial={name: getattr(person, name) for name in services.PERSON_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(origin=Origin.from_request(request), person=person, values=form.values())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{person.display_name} updated.")
            return redirect("person-detail", person_id=person.pk)
    return render(request, "cases/person_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def case_people(request, case_id):
    """Link someone already recorded, or record a new person straight onto the case."""
    case: Case = access.get_case(request.user, case_id)
    if not access.can_manage_case(request.user, case):
        return errors.forbidden(request)
    linked = set(case.people.values_list("pk", flat=True))
    candidates = [
        p for p in access.visible_people(request.user).filter(school=case.school) if p.pk not in linked
    ]
    link_form = LinkPersonForm(
        request.POST if "link" in request.POST else None, people=candidates, prefix="link"
    )
    new_form = PersonForm(request.POST if "create" in request.POST else None, prefix="new")
    origin = Origin.from_request(request)
    if "link" in request.POST and link_form.is_valid():
        person = next(p for p in candidates if p.pk == link_form.cleaned_data["person"])
        try:
            services.link_person(origin=origin, case=case, person=person)
        except ValidationError as error:
            apply_service_errors(link_form, error)
        else:
            messages.success(request, f"{person.display_name} linked to case {case.reference}.")
            return redirect("case-detail", case_id=case.pk)
    if "create" in request.POST and new_form.is_valid():
        try:
            person = services.create_person(
                origin=origin, school=case.school, values=new_form.values(), case=case
            )
        except ValidationError as error:
            apply_service_errors(new_form, error)
        else:
            messages.success(request, f"{person.display_name} added to case {case.reference}.")
            return redirect("case-detail", case_id=case.pk)
    return render(
        request,
        "cases/case_people.html",
        {"case": case, "link_form": link_form, "new_form": new_form, "candidates": candidates},
    )
