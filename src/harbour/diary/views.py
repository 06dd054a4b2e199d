"""The employee's private diary: write an entry quickly, read it back, share."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import taxonomy
from harbour.cases.forms import apply_service_errors
from harbour.cases.models import Channel, Location
from harbour.diary import services
from harbour.diary.forms import DiaryForm, ShareForm
from harbour.web.pagination import paginate


def _share_form(author, data=None, entries=None):
    unshared = (
        list(access.own_diary(author.user).filter(shared_at__isnull=True)) if entries is None else entries
    )
    return ShareForm(
        data,
        entries=unshared,
        cases=services.share_targets(author),
        managers=services.managers_for(author),
        line_manager_id=author.line_manager_id,
    )


# Entries on one page of the diary, newest first. The share form still offers
# every entry not yet shared: they are what the employee is choosing between.
ENTRIES_PAGE = 25


def _diary_page(request, author, share_form=None):
    page = paginate(
        request,
        access.own_diary(request.user).order_by("-occurred_on", "-recorded_at", "-id"),
        per_page=ENTRIES_PAGE,
        noun="entries",
    )
    if share_form is None:
        unshared = list(access.own_diary(request.user).filter(shared_at__isnull=True))
        share_form = _share_form(author, entries=unshared) if unshared else None
    return render(
        request,
        "diary/diary.html",
        {
            "entries": page.object_list,
            "page": page,
            "share_form": share_form,
            "locations": dict(Location.choices),
        },
    )


@login_required
def diary(request):
    return _diary_page(request, access.diary_author(request.user))  # 404 without a staff record


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request):
    author = access.diary_author(request.user)
    form = DiaryForm(request.POST or None, initial={"occurred_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.write_entry(origin=Origin.from_request(request), author=author, values=form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved in your private diary. Only you can see it until you share it.")
            return redirect("diary")
    return render(request, "diary/entry_form.html", {"form": form})


@login_required
def entry_detail(request, entry_id):
    entry = access.get_diary_entry(request.user, entry_id)
    return render(
        request,
        "diary/entry_detail.html",
        {
            "entry": entry,
            "location": Location(entry.location).label,
            "channel": Channel(entry.channel).label if entry.channel else "Not said",
            "behaviours": taxonomy.names(entry.behaviours),
        },
    )


@login_required
@require_POST
def share(request):
    author = access.diary_author(request.user)
    form = _share_form(author, data=request.POST)
    if form.is_valid():
        chosen = list(access.own_diary(request.user).filter(pk__in=form.cleaned_data["entries"]))
        targets = {c.pk: c for c in services.share_targets(author)}
        managers = {m.pk: m for m in services.managers_for(author)}
        try:
            case = services.share_entries(
                origin=Origin.from_request(request),
                author=author,
                entries=chosen,
                case=targets.get(form.cleaned_data.get("case")),
                manager=managers.get(form.cleaned_data.get("manager")),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            count = len(chosen)
            messages.success(
                request, f"{count} {'entry' if count == 1 else 'entries'} shared with {case.owner.full_name}."
            )
            return redirect("diary")
    return _diary_page(request, author, share_form=form)
