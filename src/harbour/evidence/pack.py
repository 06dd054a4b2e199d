"""Building an evidence pack: a PDF for the police or a court, and a ZIP of the
PDF, the original files and manifest.json. Runs in the background (runner.py);
`progress` is called with a percentage and a step, which the pack page shows.

What the employee keeps out (selectors.withheld) is left out of both: the
incident, its corrections, its evidence and its CCTV requests. Their chain
entries are listed by hash only, so the chain still verifies end to end."""

import io
import json
import zipfile
from collections import Counter

from django.utils import timezone

from harbour.cases import presenters, taxonomy
from harbour.cases import selectors as case_selectors
from harbour.cases.models import Case, CasePerson
from harbour.evidence import chain, pack_pdf, selectors, storage
from harbour.evidence.models import ChainEntry, EvidencePack
from harbour.frontdesk.models import ContactRestriction
from harbour.orders import pack as orders_pack
from harbour.referrals.models import PoliceContact
from harbour.risk import chart
from harbour.risk.selectors import facts_from

# The kinds of record an evidence pack carries (the employee may keep any of them out).
PACK_KINDS = ("incident", "amendment", "evidence", "cctv")


def _original_path(item) -> str:
    return f"originals/{item.pk:05d}-{item.original_name}"


def contents(case: Case, *, prepared_by, progress=lambda percent, step: None) -> dict:
    """Everything the pack shows, with what the employee keeps out already removed."""
    withheld_incidents, withheld_items = selectors.withheld(case)
    records = [r for r in case_selectors.chronology(case) if r.pk not in withheld_incidents]
    included_ids = {r.pk for r in records}
    items = [
        i for i in selectors.items_of(case) if i.incident_id in included_ids and i.pk not in withheld_items
    ]
    cctv = [c for c in selectors.cctv_requests_of(case) if c.incident_id in included_ids]
    amendments = [a for r in records for a in r.incident.amendments.all()]
    names = case_selectors.names_for(case, records, amendments=amendments)
    items_by_incident = selectors.by_incident(items)
    cctv_by_incident = selectors.by_incident(cctv)
    progress(10, "Reading the chronology")

    chronology = []
    for record in records:
        entry = presenters.present_record(record, names)
        entry["amendments"] = [
            {
                "amendment": a,
                "by": pack_pdf.display_name(a.by),
                "changes": [
                    {
                        "label": presenters.FIELD_LABELS.get(field, field),
                        "from": presenters.display_value(field, change["from"], names),
                        "to": presenters.display_value(field, change["to"], names),
                    }
                    for field, change in a.changes.items()
                ],
            }
            for a in record.incident.amendments.all()
        ]
        entry["recorded_by"] = pack_pdf.display_name(record.incident.recorded_by)
        entry["evidence"] = items_by_incident.get(record.pk, [])
        entry["cctv"] = cctv_by_incident.get(record.pk, [])
        chronology.append(entry)

    previews = [i for i in items if i.is_image]
    for done, item in enumerate(previews, start=1):
        item.preview = storage.read(item.preview_name)
        if done % 5 == 0 or done == len(previews):
            progress(10 + int(30 * done / len(previews)), f"Preparing images ({done} of {len(previews)})")
    for item in items:
        if not item.is_image:
            item.preview = b""

    conduct = case_selectors.conduct_for(case, records)
    conduct_words = presenters.present_conduct(
        case_selectors.CaseView(
            case=case, employees=[], members=[], people=[], incidents=records, conduct=conduct, names=names
        )
    )
    behaviour_counts = Counter(code for r in records for code in r.behaviours)
    svg = chart.svg(facts_from(records))
    police = PoliceContact.objects.filter(case=case).order_by("-recorded_at", "-id").first()
    crime_references = sorted(
        {r.crime_reference for r in records if r.crime_reference}
        | ({police.crime_reference} if police and police.crime_reference else set())
    )
    entries = list(ChainEntry.objects.filter(case=case).order_by("position"))
    included = {("incident", pk) for pk in included_ids}
    included |= {("amendment", a.pk) for a in amendments}
    included |= {("evidence", i.pk) for i in items}
    included |= {("cctv", c.pk) for c in cctv}
    return {
        "case": case,
        "school": case.school,
        "employees": case_selectors.employees_of(case),
        "people": [
            link.person
            for link in CasePerson.objects.filter(case=case)
            .select_related("person")
            .order_by("added_at", "id")
        ],
        "crime_references": crime_references,
        "police": police,
        "prepared_by": pack_pdf.display_name(prepared_by),
        "prepared_at": timezone.now(),
        "chronology": chronology,
        "items": items,
        "cctv": cctv,
        "conduct": conduct,
        **conduct_words,
        "behaviour_counts": [
            {"name": taxonomy.BY_CODE[code].name if code in taxonomy.BY_CODE else code, "count": count}
            for code, count in behaviour_counts.most_common()
        ],
        "risk_history": list(case.risk_decisions.select_related("decided_by").order_by("decided_at", "id")),
        "restrictions": list(
            ContactRestriction.objects.filter(case=case).select_related("person").order_by("warned_on", "id")
        ),
        **orders_pack.contents(case),
        "chart_svg": svg,
        # Every entry is listed so the chain can be checked link by link. The rest of the
        # case's story (meetings, the plan, referrals…) is chained too but never goes in a
        # pack: its entries are marked so, not as left out by the employee ("included"
        # means "not left out at the employee's request"; "in_pack" what the pack holds).
        "entries": [
            {
                "entry": e,
                "label": chain.KIND_LABELS.get(e.kind, e.kind)
                + ("" if e.kind in PACK_KINDS else " (kept in Harbour, not in packs)"),
                "included": e.kind not in PACK_KINDS or (e.kind, e.object_id) in included,
                "in_pack": (e.kind, e.object_id) in included,
            }
            for e in entries
        ],
        "head": entries[-1].entry_hash if entries else chain.GENESIS,
        # Entries left out: a withheld incident takes its corrections, evidence and CCTV requests with it.
        "withheld_count": sum(
            1 for e in entries if e.kind in PACK_KINDS and (e.kind, e.object_id) not in included
        ),
    }


def manifest(pack: EvidencePack, data: dict, files: dict[str, bytes]) -> dict:
    return {
        "format": "harbour-evidence-pack/1",
        "pack": pack.reference,
        "case": data["case"].reference,
        "school": data["school"].name,
        "prepared_by": data["prepared_by"],
        "prepared_at": data["prepared_at"].isoformat(),
        "files": [
            {"path": path, "sha256": chain.sha256(content), "size": len(content)}
            for path, content in sorted(files.items())
        ],
        "attachments": [
            {
                "path": _original_path(item),
                "evidence_id": item.pk,
                "incident_id": item.incident_id,
                "original_name": item.original_name,
                "sha256": item.sha256,
                "added_at": item.added_at.isoformat(),
                "added_by": pack_pdf.display_name(item.added_by),
            }
            for item in data["items"]
            if item.has_file
        ],
        "chain": {
            "head": data["head"],
            "entries": [
                {
                    "position": row["entry"].position,
                    "kind": row["entry"].kind,
                    "object_id": row["entry"].object_id,
                    "chained_at": chain.plain(row["entry"].chained_at),
                    "content_hash": row["entry"].content_hash,
                    "previous_hash": row["entry"].previous_hash,
                    "entry_hash": row["entry"].entry_hash,
                    "included": row["in_pack"],
                }
                for row in data["entries"]
            ],
        },
    }


def build_files(pack: EvidencePack, *, progress=lambda percent, step: None) -> tuple[bytes, bytes, dict]:
    """(pdf, zip, contents) for a pack."""
    data = contents(pack.case, prepared_by=pack.requested_by, progress=progress)
    data["pack"] = pack
    progress(45, "Laying out the PDF")
    pdf = pack_pdf.render(data)
    progress(85, "Adding the original files")
    files = {"evidence-pack.pdf": pdf}
    for item in data["items"]:
        if item.has_file:
            files[_original_path(item)] = storage.read(item.stored_name)
    out = io.BytesIO()
    stamp = timezone.localtime(data["prepared_at"]).timetuple()[:6]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path, content in files.items():
            # Photos, recordings and PDFs are compressed already; storing them saves time, not space.
            archive.writestr(
                zipfile.ZipInfo(path, date_time=stamp), content, compress_type=zipfile.ZIP_STORED
            )
        archive.writestr(
            zipfile.ZipInfo("manifest.json", date_time=stamp),
            json.dumps(manifest(pack, data, files), indent=2, ensure_ascii=False),
        )
    return pdf, out.getvalue(), data


def file_name(pack: EvidencePack, extension: str) -> str:
    day = timezone.localtime(pack.finished_at or pack.requested_at).date()
    return f"harbour-evidence-{pack.case.reference}-{day:%Y%m%d}-{pack.pk}.{extension}"
