"""The referral summary for the police or a specialist stalking service, laid out
for paper with ReportLab through harbour.pdf_kit (what Harbour's documents share,
the course of conduct in words among it) and harbour.pdf_text (a font for every
script; text escaped before it becomes markup), as the evidence pack and the
reasonable-steps report are. A few pages built while the download waits: no task queue.

It shows what referrals.selectors.referral_summary gives it and nothing else, so
what the employee keeps out is already gone before layout starts."""

from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer, Table, TableStyle

from harbour import pdf_kit
from harbour.pdf_kit import INK, WIDTH
from harbour.pdf_kit import day as _day
from harbour.pdf_kit import header_row as _header_row
from harbour.pdf_kit import paragraph as _p
from harbour.pdf_kit import table as _table
from harbour.referrals.selectors import Summary


def _styles() -> dict:
    s = pdf_kit.styles()
    s["title"] = pdf_kit.heading("title", s, 20, 25, spaceAfter=2 * mm)
    s["h2"] = pdf_kit.heading("h2", s, 13, 17, spaceBefore=6 * mm, spaceAfter=2 * mm)
    s["h3"] = pdf_kit.heading("h3", s, 10, 13, spaceBefore=3 * mm, spaceAfter=1 * mm)
    return s


def _facts(pairs, s, label_width=0.34 * WIDTH) -> Table:
    rows = [[(label, s["label"]), (value or "—", s["body"])] for label, value in pairs]
    return _table(rows, [label_width, WIDTH - label_width], header=False)


def _dates(dates) -> str:
    return ", ".join(_day(d) for d in dates)


def _cover(summary: Summary, s) -> list:
    case = summary.case
    consent = "; ".join(
        f"{c['employee']}: {c['decision'].lower()} on {_day(c['at'])}" for c in summary.consents
    )
    pairs = [
        ("For", summary.recipient_label),
        ("Case reference", case.reference),
        ("School", case.school.name),
        ("Prepared by", summary.prepared_by),
        ("Prepared on", _day(summary.prepared_at)),
        ("The employee's consent", consent),
    ]
    story = [
        _p(case.school.name, s["muted"]),
        _p("Referral summary", s["title"]),
        _p(
            f"Stalking or harassment of a member of staff: a summary of the school's record for "
            f"{summary.recipient_label.lower()}, shared with the employee's consent.",
            s["body"],
        ),
        Spacer(0, 3 * mm),
        _facts(pairs, s),
        Spacer(0, 3 * mm),
    ]
    note = (
        "This summary keeps to the employee's confidentiality choices: anything they have kept out of "
        "what the school shares is not in it."
    )
    if summary.withheld_count:
        count = summary.withheld_count
        note += f" {count} {'incident is' if count == 1 else 'incidents are'} left out at their request."
    box = Table([[_p(note, s["bold"])]], colWidths=[WIDTH])
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, INK), ("PADDING", (0, 0), (-1, -1), 3 * mm)]))
    story.append(box)
    return story


def _people(summary: Summary, s) -> list:
    employees = "\n".join(
        f"{e['name']}{', ' + e['job_title'] if e['job_title'] else ''}" for e in summary.employees
    )
    people = "\n".join(
        f"{p['name']}{' (also known as ' + p['aliases'] + ')' if p['aliases'] else ''} – {p['relationship']}"
        for p in summary.people
    )
    return [
        _p("Who it is about", s["h2"]),
        _facts([("Employee", employees), ("Person or people of concern", people or "Not identified")], s),
    ]


def _police(summary: Summary, s) -> list:
    out = [_p("Police contact details held", s["h2"])]
    police = summary.police
    if police is None and not summary.crime_references:
        return [*out, _p("No police contact is recorded.", s["body"])]
    pairs = [("Crime references", ", ".join(summary.crime_references) or "None recorded")]
    if police is not None:
        pairs += [
            ("Intends to report", police["intends_to_report"]),
            ("Would like support to report", "Yes" if police["wants_support"] else "No"),
            ("Date reported", _day(police["reported_on"]) if police["reported_on"] else ""),
            ("Officer in charge", police["officer"]),
            ("Police stalking point of contact", police["stalking_contact"]),
            (
                "Last contact with the police",
                _day(police["last_contact_on"]) if police["last_contact_on"] else "",
            ),
        ]
    return [*out, _facts(pairs, s)]


def _risk(summary: Summary, s) -> list:
    risk = summary.risk
    out = [_p("Risk", s["h2"])]
    decided = risk["decided"] or "Not decided yet"
    if risk["decided_at"]:
        decided += f" (decided on {_day(risk['decided_at'])} by {risk['decided_by']})"
    pairs = [("Level decided by the school", decided)]
    if risk["decided_reason"]:
        pairs.append(("Why", risk["decided_reason"]))
    pairs.append(("Level Harbour proposes from the record", risk["proposed"]))
    out.append(_facts(pairs, s))
    if risk["reasons"]:
        out.append(_p("What drives the proposal", s["h3"]))
        rows = [_header_row(["Reason", "Incidents behind it"], s)]
        rows += [[(r["title"], s["body"]), (_dates(r["dates"]) or "—", s["small"])] for r in risk["reasons"]]
        out.append(_table(rows, [0.6 * WIDTH, 0.4 * WIDTH]))
    screening = summary.screening
    out.append(_p("Risk screening", s["h3"]))
    if screening is None:
        out.append(_p("No risk screening has been recorded.", s["body"]))
        return out
    out.append(
        _p(
            f"Answered on {_day(screening['recorded_at'])} with {screening['recorded_by']}. "
            f"How frightened the employee is: {screening['fear']}. The screening suggested "
            f"{screening['suggested'].lower()} risk.",
            s["body"],
        )
    )
    rows = [_header_row(["Question", "Answer"], s)]
    rows += [[(a["question"], s["body"]), (a["answer"], s["body"])] for a in screening["answers"]]
    out.append(_table(rows, [0.8 * WIDTH, 0.2 * WIDTH]))
    if screening["context"]:
        out += [
            Spacer(0, 1.5 * mm),
            _p(f"Context noted at the screening: {screening['context']}", s["small"]),
        ]
    return out


def _conduct(summary: Summary, s) -> list:
    return [_p("Course of conduct", s["h2"]), *pdf_kit.conduct(summary.conduct, s)]


def _signals(summary: Summary, s) -> list:
    out = [_p("Signs of escalation", s["h2"])]
    if not summary.signals:
        return [*out, _p("No sign of escalation has been raised on this record.", s["body"])]
    rows = [_header_row(["Sign", "Incidents behind it"], s)]
    rows += [[(sig["title"], s["body"]), (_dates(sig["dates"]), s["small"])] for sig in summary.signals]
    return [*out, _table(rows, [0.6 * WIDTH, 0.4 * WIDTH])]


def _restrictions(summary: Summary, s) -> list:
    out = [_p("The school's warnings and restrictions", s["h2"])]
    if not summary.restrictions:
        return [*out, _p("The school has issued no warning or restriction.", s["body"])]
    rows = [_header_row(["Person", "What", "Warned", "Stage", "Review"], s)]
    rows += [
        [
            (r["person"], s["small"]),
            (r["kind"], s["small"]),
            (_day(r["warned_on"]), s["small"]),
            (r["stage"], s["small"]),
            (_day(r["review_on"]) if r["review_on"] else "—", s["small"]),
        ]
        for r in summary.restrictions
    ]
    return [*out, _table(rows, [WIDTH * w for w in (0.22, 0.3, 0.16, 0.16, 0.16)])]


def _orders(summary: Summary, s) -> list:
    out = [_p("Orders and police warnings", s["h2"])]
    if not summary.orders:
        return [*out, _p("No court order or police warning is recorded.", s["body"])]
    for order in summary.orders:
        ends = _day(order["expires_on"]) if order["expires_on"] else "No end date"
        out.append(
            KeepTogether(
                [
                    _p(f"{order['kind']}: {order['person']} ({order['status'].lower()})", s["h3"]),
                    _facts(
                        [
                            ("Made by", order["issued_by"]),
                            ("Reference", order["reference"]),
                            ("Made on", _day(order["made_on"])),
                            ("In force", f"{_day(order['starts_on'])} to {ends}"),
                            ("Conditions", order["conditions"]),
                        ],
                        s,
                    ),
                ]
            )
        )
    return out


def _chronology(summary: Summary, s) -> list:
    out = [
        CondPageBreak(45 * mm),  # the heading never alone at the foot of a page
        _p("Chronology summary", s["h2"]),
        _p(
            "In the order things happened: when, what, where and how. The full accounts stay with the "
            "school.",
            s["muted"],
        ),
    ]
    if not summary.chronology:
        return [*out, _p("No incident is recorded.", s["body"])]
    rows = [_header_row(["When", "Behaviour", "Where", "How", "Person"], s)]
    rows += [
        [
            (item["when"], s["small"]),
            (item["behaviours"], s["small"]),
            (item["where"], s["small"]),
            (item["how"], s["small"]),
            (item["person"], s["small"]),
        ]
        for item in summary.chronology
    ]
    return [*out, _table(rows, [WIDTH * w for w in (0.17, 0.28, 0.23, 0.14, 0.18)])]


def render(summary: Summary) -> bytes:
    s = _styles()
    story = [
        *_cover(summary, s),
        *_people(summary, s),
        *_police(summary, s),
        *_risk(summary, s),
        KeepTogether(_conduct(summary, s)),
        *_signals(summary, s),
        *_restrictions(summary, s),
        *_orders(summary, s),
        *_chronology(summary, s),
    ]
    return pdf_kit.build(
        story,
        s=s,
        footer=f"Harbour referral summary · {summary.case.reference} · for {summary.recipient_label.lower()}",
        header="OFFICIAL-SENSITIVE",
        title=f"Referral summary {summary.case.reference}",
        author=summary.prepared_by,
        subject=f"{summary.case.school.name}: referral summary",
    )


def file_name(summary: Summary) -> str:
    day = timezone.localtime(summary.prepared_at).date()
    return f"harbour-referral-{summary.case.reference}-{summary.recipient}-{day:%Y%m%d}.pdf"
