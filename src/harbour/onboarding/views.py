"""Onboarding pages: import a school's staff list (upload, preview, confirm) and
add a school to a trust. No case content is shown here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from harbour import access
from harbour.audit.services import Origin
from harbour.onboarding import rows, services
from harbour.onboarding.forms import NewSchoolForm, StaffFileForm
from harbour.onboarding.plan import ACTIONS, ADD, KEPT, LEAVER, UNCHANGED, UPDATE
from harbour.schools.models import Role, Trust
from harbour.web import errors

ACTION_TEXT = {
    ADD: "Added",
    UPDATE: "Updated",
    UNCHANGED: "Unchanged",
    LEAVER: "Marked as a leaver",
    KEPT: "Not in the file, kept",
}
ACTION_TAG = {ADD: "green", UPDATE: "blue", UNCHANGED: "grey", LEAVER: "orange", KEPT: "purple"}
CHANGE_TEXT = {
    "name": "name",
    "email": "e-mail",
    "job_title": "job title",
    "line_manager": "line manager",
    "roles": "roles",
    "returns": "returns from leaving",
}
ROLE_LABELS = dict(Role.choices)


def _admin_school(request, school_id):
    school = access.get_directory_school(request.user, school_id)
    if not access.can_manage_staff(request.user, school.pk):
        return None, errors.forbidden(request)
    return school, None


def _preview_context(plan) -> dict:
    entries = [
        {
            "entry": entry,
            "action": ACTION_TEXT[entry.action],
            "tag": ACTION_TAG[entry.action],
            "roles": ", ".join(ROLE_LABELS[r] for r in sorted(entry.roles, key=list(ROLE_LABELS).index)),
            "changed": ", ".join(CHANGE_TEXT[c] for c in entry.changed),
        }
        for entry in plan.entries
    ]
    counts = plan.counts
    return {
        "plan": plan,
        "entries": entries,
        "counts": [(ACTION_TEXT[a], counts[a]) for a in ACTIONS if counts[a]],
        "leavers": counts[LEAVER],
    }


def _problems(problems) -> list[dict]:
    """The problems for the page, the first of each line carrying its anchor."""
    seen, out = set(), []
    for problem in problems:
        anchor = f"line-{problem.line}" if problem.line and problem.line not in seen else ""
        seen.add(problem.line)
        column = rows.COLUMN_LABELS.get(problem.column, "")
        out.append({"line": problem.line, "column": column, "message": problem.message, "anchor": anchor})
    return out


def _error_items(problems) -> list[dict]:
    return [
        {
            "href": f"#line-{p.line}" if p.line else "#problems",
            "text": f"Line {p.line}: {p.message}" if p.line else p.message,
        }
        for p in problems
    ]


@login_required
@require_http_methods(["GET", "POST"])
def staff_import(request, school_id):
    school, refused = _admin_school(request, school_id)
    if refused:
        return refused
    form = StaffFileForm(request.POST or None, request.FILES or None)
    context = {"form": form, "school": school, "columns": rows.COLUMN_LABELS, "grantable": rows.GRANTABLE}
    if request.method == "POST" and form.is_valid():
        content = form.content()
        staff_list = rows.parse_csv(content)
        for problem in staff_list.errors:
            if problem.line in (0, 1) and not staff_list.rows:
                form.add_error("file", problem.message)
        if not form.errors:
            plan, digest = services.preview(school=school, user=request.user, staff_list=staff_list)
            problems = sorted(staff_list.errors + plan.errors, key=lambda e: e.line)
            if problems:
                context.update(problems=_problems(problems), error_items=_error_items(problems))
            elif not plan.changes_anything:
                context.update(_preview_context(plan), nothing_to_change=True)
                return render(request, "onboarding/staff_import_preview.html", context)
            else:
                staff_import = services.keep_preview(
                    origin=Origin.from_request(request),
                    school=school,
                    staff_list=staff_list,
                    content=content,
                    staff_fingerprint=digest,
                )
                return redirect("staff-import-preview", import_id=staff_import.pk)
    return render(request, "onboarding/staff_import.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def staff_import_preview(request, import_id):
    staff_import = access.get_staff_import(request.user, import_id)
    school = staff_import.school
    context = {"school": school, "staff_import": staff_import}
    if not services.is_current(staff_import):
        context["stale"] = "This preview has been used or has expired. Upload the file again."
        return render(request, "onboarding/staff_import_preview.html", context)
    if request.method == "POST":
        try:
            plan = services.confirm_import(origin=Origin.from_request(request), staff_import=staff_import)
        except services.StaleImport as stale:
            context["stale"] = str(stale)
        except services.ImportRefused as refused:
            context["stale"] = "The staff directory has changed since this preview: upload the file again."
            context.update(problems=_problems(refused.plan.errors))
        else:
            counts = plan.counts
            messages.success(
                request,
                f"Staff list imported: {counts[ADD]} added, {counts[UPDATE]} updated, "
                f"{counts[LEAVER]} marked as leavers, {counts[UNCHANGED]} unchanged.",
            )
            access.forget(request.user)
            return redirect(f"{reverse('staff-directory')}?school={school.pk}")
        return render(request, "onboarding/staff_import_preview.html", context)
    plan, digest = services.preview(
        school=school, user=request.user, staff_list=services.stored_list(staff_import)
    )
    if digest != staff_import.staff_fingerprint:
        context["stale"] = "The staff directory has changed since this file was uploaded. Upload it again."
    context.update(_preview_context(plan))
    return render(request, "onboarding/staff_import_preview.html", context)


@login_required
def staff_import_template(request):
    if not access.is_administrator(request.user):
        raise Http404("No such page")
    response = HttpResponse(rows.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="harbour-staff-template.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def school_new(request):
    trust_ids = access.school_adding_trusts(request.user)
    if not trust_ids:
        raise Http404("No such page")
    trusts = Trust.objects.filter(pk__in=trust_ids).order_by("name")
    form = NewSchoolForm(request.POST or None, trusts=trusts, initial={"trust": trust_ids[0]})
    if request.method == "POST" and form.is_valid():
        trust = form.cleaned_data["trust"]
        school = services.add_school(
            origin=Origin.from_request(request),
            form=form,
            trust=trust,
            creator=access.administrator_record_in_trust(request.user, trust.pk),
        )
        access.forget(request.user)
        messages.success(request, f"{school.name} added. Import its staff to get it started.")
        return redirect("staff-import", school_id=school.pk)
    return render(request, "onboarding/school_new.html", {"form": form, "one_trust": len(trust_ids) == 1})
