"""Evidence pages: adding evidence and CCTV requests to an incident, the case's
evidence and packs, downloads, and the employee's choice of what packs leave out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from harbour import access
from harbour.audit.services import Origin
from harbour.cases import selectors as case_selectors
from harbour.cases import services as case_services
from harbour.cases.forms import apply_service_errors
from harbour.cases.presenters import when
from harbour.evidence import downloads, selectors, services, storage
from harbour.evidence.advice import GENERAL
from harbour.evidence.forms import SERVICE_FIELD_NAMES, CctvRequestForm, EvidenceForm
from harbour.web import errors


@login_required
@require_http_methods(["GET", "POST"])
def evidence_new(request, case_id, incident_id):
    case = access.get_case(request.user, case_id)
    incident = access.get_incident(request.user, case, incident_id)
    if not access.can_add_evidence(request.user, case):
        return errors.forbidden(request, reason="closed")
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = request.FILES.get("file")
        try:
            item = services.add_evidence(
                origin=Origin.from_request(request),
                case=case,
                incident=incident,
                values=form.cleaned_data,
                upload=services.Upload(name=upload.name, data=services.read_upload(upload))
                if upload
                else None,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Evidence E{item.pk} added.")
            return redirect("incident-detail", case_id=case.pk, incident_id=incident.pk)
    return render(
        request,
        "evidence/evidence_form.html",
        {"case": case, "incident": incident, "form": form, "general": GENERAL},
    )


@login_required
@require_http_methods(["GET", "POST"])
def cctv_new(request, case_id, incident_id):
    case = access.get_case(request.user, case_id)
    incident = access.get_incident(request.user, case, incident_id)
    if not access.can_add_evidence(request.user, case):
        return errors.forbidden(request, reason="closed")
    form = CctvRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_cctv_preservation(
                origin=Origin.from_request(request), case=case, incident=incident, values=form.values()
            )
        except ValidationError as error:
            apply_service_errors(
                form,
                ValidationError({SERVICE_FIELD_NAMES.get(k, k): v for k, v in error.message_dict.items()}),
            )
        else:
            messages.success(request, "CCTV preservation request recorded.")
            return redirect("incident-detail", case_id=case.pk, incident_id=incident.pk)
    return render(request, "evidence/cctv_form.html", {"case": case, "incident": incident, "form": form})


@login_required
def evidence_index(request, case_id):
    case = access.get_case(request.user, case_id)
    items = list(selectors.items_of(case))
    withheld_incidents, withheld_items = selectors.withheld(case)
    incidents = case_selectors.chronology(case)
    items_by_incident = selectors.by_incident(items)
    can_withhold = access.can_withhold_evidence(request.user, case)
    can_build = access.can_build_pack(request.user, case)
    case_services.record_view(origin=Origin.from_request(request), case=case, action="evidence.viewed")
    return render(
        request,
        "evidence/evidence_index.html",
        {
            "case": case,
            "rows": [
                {
                    "incident": record,
                    "when": when(record),
                    "withheld": record.pk in withheld_incidents,
                    "items": [
                        {"item": item, "withheld": item.pk in withheld_items}
                        for item in items_by_incident.get(record.pk, [])
                    ],
                }
                for record in incidents
            ],
            "cctv": list(selectors.cctv_requests_of(case)),
            "packs": list(selectors.packs_of(case)) if can_build else [],
            "can_withhold": can_withhold,
            "can_build": can_build,
            "withheld_count": len(withheld_incidents) + len(withheld_items),
        },
    )


def _item_download(request, case_id, item_id, *, preview: bool):
    case = access.get_case(request.user, case_id)
    item = access.get_evidence_item(request.user, case, item_id)
    try:
        return downloads.evidence_file(origin=Origin.from_request(request), item=item, preview=preview)
    except storage.Unreadable:
        return render(request, "evidence/unreadable.html", {"case": case}, status=409)


@login_required
def evidence_download(request, case_id, item_id):
    return _item_download(request, case_id, item_id, preview=False)


@login_required
def evidence_preview(request, case_id, item_id):
    return _item_download(request, case_id, item_id, preview=True)


@login_required
@require_POST
def evidence_withhold(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_withhold_evidence(request.user, case):
        return errors.forbidden(request)
    withheld = request.POST.get("withheld") == "yes"
    target = {}
    if request.POST.get("incident"):
        target["incident"] = access.get_incident(request.user, case, request.POST["incident"])
    elif request.POST.get("item"):
        target["item"] = access.get_evidence_item(request.user, case, request.POST["item"])
    else:
        messages.error(request, "Choose an incident or a piece of evidence.")
        return redirect("evidence-index", case_id=case.pk)
    services.set_withholding(origin=Origin.from_request(request), case=case, withheld=withheld, **target)
    messages.success(
        request,
        "It will be left out of evidence packs." if withheld else "It may be included in evidence packs.",
    )
    return redirect("evidence-index", case_id=case.pk)


@login_required
@require_POST
def pack_new(request, case_id):
    case = access.get_case(request.user, case_id)
    if not access.can_build_pack(request.user, case):
        return errors.forbidden(request)
    try:
        pack = services.request_pack(origin=Origin.from_request(request), case=case)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("evidence-index", case_id=case.pk)
    return redirect("pack-detail", case_id=case.pk, pack_id=pack.pk)


@login_required
def pack_detail(request, case_id, pack_id):
    case = access.get_case(request.user, case_id)
    pack = access.get_pack(request.user, case, pack_id)
    return render(request, "evidence/pack_detail.html", {"case": case, "pack": pack})


@login_required
def pack_download(request, case_id, pack_id, fmt):
    case = access.get_case(request.user, case_id)
    pack = access.get_pack(request.user, case, pack_id)
    try:
        return downloads.pack_file(origin=Origin.from_request(request), pack=pack, fmt=fmt)
    except storage.Unreadable:
        return render(request, "evidence/unreadable.html", {"case": case}, status=409)
