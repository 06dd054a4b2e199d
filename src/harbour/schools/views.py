"""The staff directory and school settings. No case content is shown here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.schools import selectors, services
from harbour.schools.forms import SchoolSettingsForm, StaffForm
from harbour.web import errors
from harbour.web.pagination import paginate
from harbour.web.query import school_param

# A big school has a few hundred staff: a page is a screenful to scan or search.
STAFF_PAGE = 50


@login_required
def staff_directory(request):
    schools = list(access.directory_schools(request.user))
    if not schools:
        raise Http404("No such page")
    query = request.GET.get("q", "")[:100]
    school_id = school_param(request.GET.get("school"), {s.pk for s in schools})
    staff = selectors.staff_list(schools, query=query, school_id=school_id)
    page = paginate(request, staff, per_page=STAFF_PAGE, noun="staff")
    admin_schools = {s.pk for s in schools if access.can_manage_staff(request.user, s.pk)}
    return render(
        request,
        "schools/staff_directory.html",
        {
            "schools": schools,
            "staff": page.object_list,
            "page": page,
            "query": query,
            "school_id": school_id,
            "admin_schools": admin_schools,
            "can_add_school": access.can_add_school(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff_new(request, school_id):
    school = access.get_directory_school(request.user, school_id)
    if not access.can_manage_staff(request.user, school.pk):
        return errors.forbidden(request)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        staff = services.save_staff(
            origin=Origin.from_request(request), school=school, values=form.cleaned_data
        )
        messages.success(request, f"{staff.full_name} added to the staff directory.")
        return redirect("staff-directory")
    return render(request, "schools/staff_form.html", {"form": form, "school": school, "staff": None})


@login_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, staff_id):
    staff = access.get_staff_for_admin(request.user, staff_id)
    initial = {
        "full_name": staff.full_name,
        "job_title": staff.job_title,
        "email": staff.email,
        "is_active": staff.is_active,
        "roles": list(staff.roles.values_list("role", flat=True)),
    }
    form = StaffForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.save_staff(
            origin=Origin.from_request(request), school=staff.school, values=form.cleaned_data, staff=staff
        )
        messages.success(request, f"{staff.full_name}'s details saved.")
        return redirect("staff-directory")
    return render(request, "schools/staff_form.html", {"form": form, "school": staff.school, "staff": staff})


@login_required
def school_settings_list(request):
    schools = list(access.settings_schools(request.user))
    if not schools:
        raise Http404("No such page")
    if len(schools) == 1:
        return redirect("school-settings", school_id=schools[0].pk)
    return render(request, "schools/settings_list.html", {"schools": schools})


@login_required
@require_http_methods(["GET", "POST"])
def school_settings(request, school_id):
    school = access.get_settings_school(request.user, school_id)
    form = SchoolSettingsForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        services.save_school_settings(origin=Origin.from_request(request), form=form)
        messages.success(request, "School settings saved.")
        return redirect("school-settings", school_id=school.pk)
    return render(request, "schools/settings_form.html", {"form": form, "school": school})
