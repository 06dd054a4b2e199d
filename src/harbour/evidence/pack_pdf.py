"""The evidence pack's PDF, laid out with ReportLab.

ReportLab rather than WeasyPrint (which the plan and letters use) because a
pack can run to hundreds of pages: ReportLab lays out a 200-incident pack with
50 images in about a second where WeasyPrint took half a minute
(bench/evidence_pack.py). Text is escaped before it reaches ReportLab's
paragraph markup, so nothing typed into Harbour can change the layout, and it
goes through harbour.pdf_text, which finds a font for every script and lays out
right-to-left lines. What Harbour's documents share (colours, fonts, text styles,
tables, the course of conduct in words) is harbour.pdf_kit. No record is held in
one piece: a table row splits across pages and an incident's account flows on,
however long it is."""

import io

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from harbour import pdf_kit
from harbour.orders import pack as orders_pack
from harbour.pdf_kit import BLUE, CELL_PADDING, INK, MUTED, SHADE, WIDTH
from harbour.pdf_kit import day as _day
from harbour.pdf_kit import header_row as _header_row
from harbour.pdf_kit import paragraph as _p

RULE = colors.HexColor("#d8dade")  # lighter than the other documents': a pack has many rows
AT_SECONDS = "j F Y \\a\\t H:i:s"
AT_MINUTES = "j F Y \\a\\t H:i"
# Binary streams: ASCII85 only makes the file bigger, and without ReportLab's
# optional C accelerator encoding it took most of a big pack's time.
rl_config.useA85 = 0


def _styles():
    s = pdf_kit.styles(body=(9, 12.5), small=(7.8, 10.5), label_size=8.5, mono=True)
    base, mono = s["body"], s["fonts"][2]
    s["title"] = pdf_kit.heading("title", s, 24, 30, spaceAfter=4 * mm)
    s["h2"] = pdf_kit.heading("h2", s, 14, 18, spaceAfter=3 * mm)
    s["h3"] = pdf_kit.heading("h3", s, 10.5, 14, spaceBefore=4 * mm, spaceAfter=1.5 * mm, keepWithNext=1)
    s["h3_flow"] = pdf_kit.heading("h3_flow", s, 10.5, 14, spaceBefore=4 * mm, spaceAfter=1.5 * mm)
    s["mono"] = ParagraphStyle("mono", parent=base, fontName=mono, fontSize=6.6, leading=8.5)
    s["amend_head"] = pdf_kit.heading(
        "amend_head", s, 7.8, 10.5, spaceBefore=2 * mm, keepWithNext=1, backColor=SHADE
    )
    # A correction is shaded, as one block would be, but each part splits on its own.
    s["amend"] = ParagraphStyle(
        "amend", parent=base, fontSize=7.8, leading=10.5, leftIndent=3 * mm, backColor=SHADE
    )
    return s


def _cell(text, style, column_width) -> Paragraph:
    return _p(text, style, column_width - CELL_PADDING)


def display_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else "—"


def _table(rows, widths, *, header=True) -> Table:
    """pdf_kit's table with the pack's lighter rule."""
    return pdf_kit.table(rows, widths, header=header, rule=RULE)


def _facts(pairs, s, label_width=48 * mm) -> Table:
    rows = [
        [(label, s["label"]), (value, s["body"]) if isinstance(value, str) else value]
        for label, value in pairs
    ]
    return _table(rows, [label_width, WIDTH - label_width], header=False)


class _NumberedCanvas(rl_canvas.Canvas):
    """Holds pages until the end so each footer can say "Page n of N"."""

    def __init__(
        self, *args, footer_left="", header_right="", fonts=("Helvetica", "Helvetica-Bold"), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self._pages = []
        self._footer_left, self._header_right, self._fonts = footer_left, header_right, fonts

    def showPage(self):  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(self._fonts[0], 7.5)
            self.setFillColor(MUTED)
            self.drawString(18 * mm, 12 * mm, self._footer_left)
            self.drawRightString(A4[0] - 18 * mm, 12 * mm, f"Page {self._pageNumber} of {total}")
            if self._pageNumber > 1:
                self.setFont(self._fonts[1], 7.5)
                self.drawRightString(A4[0] - 18 * mm, A4[1] - 12 * mm, self._header_right)
            super().showPage()
        super().save()


def render(data: dict) -> bytes:
    s = _styles()
    pack = data["pack"]
    story = []
    story += _cover(data, s)
    story.append(PageBreak())
    story += _summary(data, s)
    story.append(PageBreak())
    story += _chronology(data, s)
    story.append(PageBreak())
    story += _evidence(data, s)
    story.append(PageBreak())
    story += _chain(data, s)

    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=20 * mm,
        bottomMargin=22 * mm,
        title=f"Evidence pack {pack.reference}",
        author=data["prepared_by"],
        subject=f"{data['school'].name}: evidence pack",
        creator="Harbour",
    )
    regular, bold, _ = s["fonts"]

    def canvas_maker(*args, **kwargs):
        return _NumberedCanvas(
            *args,
            footer_left=f"Harbour evidence pack {pack.reference} · chain head {data['head'][:16]}…",
            header_right="OFFICIAL-SENSITIVE",
            fonts=(regular, bold),
            **kwargs,
        )

    doc.build(story, canvasmaker=canvas_maker)
    return out.getvalue()


def _cover(data, s) -> list:
    people = [
        f"{p.display_name}{f' (also known as {p.aliases})' if p.aliases else ''} – "
        f"{p.get_relationship_display()}"
        for p in data["people"]
    ]
    employees = [f"{e.full_name}{f', {e.job_title}' if e.job_title else ''}" for e in data["employees"]]
    pairs = [
        ("Pack reference", data["pack"].reference),
        ("School", data["school"].name),
        ("Employee", "\n".join(employees)),
        ("Person or people of concern", "\n".join(people) or "Not identified"),
        ("Crime references", ", ".join(data["crime_references"]) or "None recorded"),
    ]
    if data["police"] and data["police"].officer:
        pairs.append(("Police officer", data["police"].officer))
    pairs += [
        ("Incidents in this pack", str(len(data["chronology"]))),
        ("Prepared by", data["prepared_by"]),
        ("Prepared on", _day(data["prepared_at"], AT_MINUTES)),
        ("Chain head (SHA-256)", _p(data["head"], s["mono"])),
    ]
    cover = [
        Spacer(1, 30 * mm),
        _p(data["school"].name, s["muted"]),
        _p("Evidence pack", s["title"]),
        _p(
            "Stalking and harassment of a member of staff: the school's record, prepared for the police or "
            "a court.",
            s["body"],
        ),
        Spacer(1, 5 * mm),
        _facts(pairs, s),
        Spacer(1, 4 * mm),
    ]
    if data["withheld_count"]:
        count = data["withheld_count"]
        notice = Table(
            [
                [
                    _p(
                        f"{count} {'entry has' if count == 1 else 'entries have'} been left out at the "
                        "employee's request. The hash of every entry is listed in the last section, so the "
                        "record's completeness can still be checked.",
                        s["bold"],
                    )
                ]
            ],
            colWidths=[WIDTH],
        )
        notice.setStyle(
            TableStyle([("BOX", (0, 0), (-1, -1), 1.5, INK), ("PADDING", (0, 0), (-1, -1), 3 * mm)])
        )
        cover += [notice, Spacer(1, 4 * mm)]
    cover.append(
        _p(
            "Each entry was saved with the time it was written, set by Harbour's server. Corrections never "
            "replace what was first written: both are shown. Every incident, correction, piece of evidence "
            "and CCTV request is linked in a SHA-256 hash chain; the last section lists every hash, and "
            "the ZIP file that holds this PDF carries manifest.json to check them with `harbour verify "
            "--pack`.",
            s["muted"],
        )
    )
    bar = Table([[cover]], colWidths=[WIDTH], splitInRow=1)
    bar.setStyle(
        TableStyle([("LINEBEFORE", (0, 0), (0, -1), 4, BLUE), ("LEFTPADDING", (0, 0), (-1, -1), 6 * mm)])
    )
    return [bar]


def _summary(data, s) -> list:
    out = [
        _p("Summary", s["h2"]),
        _p("Course of conduct", s["h3"]),
        *pdf_kit.conduct(
            data,
            s,
            several="{person}'s behaviour in this record is directed at {count} members of staff.",
        ),
    ]

    out.append(_p("Behaviours recorded", s["h3"]))
    rows = [_header_row(["Behaviour", "Incidents"], s)]
    rows += [[(row["name"], s["body"]), (row["count"], s["body"])] for row in data["behaviour_counts"]]
    out.append(_table(rows, [WIDTH * 0.8, WIDTH * 0.2]))

    out.append(_p("Risk level decisions", s["h3"]))
    if data["risk_history"]:
        rows = [_header_row(["Decided", "Level", "Why", "By"], s)]
        rows += [
            [
                (_day(d.decided_at, "j M Y H:i"), s["small"]),
                (d.get_level_display(), s["body"]),
                (d.reason, s["body"]),
                (display_name(d.decided_by), s["small"]),
            ]
            for d in data["risk_history"]
        ]
        out.append(_table(rows, [WIDTH * 0.18, WIDTH * 0.12, WIDTH * 0.5, WIDTH * 0.2]))
    else:
        out.append(_p("No risk level has been decided.", s["body"]))

    out.append(_p("Restrictions issued", s["h3"]))
    if data["restrictions"]:
        rows = [_header_row(["Person", "Restriction", "Warned", "Stage", "Decided", "Review"], s)]
        rows += [
            [
                (r.person.display_name, s["small"]),
                (r.get_kind_display(), s["small"]),
                (_day(r.warned_on, "j M Y"), s["small"]),
                (r.get_stage_display(), s["small"]),
                (_day(r.decided_on, "j M Y") if r.decided_on else "–", s["small"]),
                (_day(r.review_on, "j M Y") if r.review_on else "–", s["small"]),
            ]
            for r in data["restrictions"]
        ]
        out.append(_table(rows, [WIDTH * w for w in (0.18, 0.24, 0.13, 0.19, 0.13, 0.13)]))
    else:
        out.append(_p("No restrictions have been issued.", s["body"]))
    out += orders_pack.flowables(data, s)

    if data["chart_svg"]:
        drawing = _chart(data["chart_svg"])
        if drawing is not None:
            out += [
                CondPageBreak(80 * mm),
                _p("Incidents over time", s["h3"]),
                drawing,
                _p(
                    "Each mark is an incident: higher is more serious; the shape shows where it happened "
                    "(circle: at or near work; square: in the street or at home; triangle: online, by "
                    "phone or by post).",
                    s["muted"],
                ),
            ]
    return out


def _chart(svg: str):
    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(svg.encode()))
    if drawing is None:
        return None
    scale = WIDTH / drawing.width
    drawing.scale(scale, scale)
    drawing.width, drawing.height = WIDTH, drawing.height * scale
    return drawing


def _chronology(data, s) -> list:
    out = [
        _p("Chronology", s["h2"]),
        _p(
            "In the order the incidents happened. “Recorded” is when the entry was saved in Harbour, or "
            "written in the employee's private diary if it was shared from there.",
            s["muted"],
        ),
    ]
    for number, item in enumerate(data["chronology"], start=1):
        incident = item["record"].incident
        recorded = _day(incident.recorded_at, AT_SECONDS)
        meta = f"Incident {item['pk']} · Recorded {recorded} by {item['recorded_by']}"
        if incident.shared_at:
            meta += f" · shared from the diary {_day(incident.shared_at, AT_MINUTES)}"
        if incident.contact_after_restriction:
            meta += " · contact after a restriction"
        # An incident starts on a new page only when little of this one is left;
        # then its facts and account flow on across pages (a block held together
        # fails, or leaves a blank page, once it is taller than a page).
        block = [
            CondPageBreak(45 * mm),
            _p(f"{number}. {item['when']} – {item['by_name']['behaviours']['value']}", s["h3_flow"]),
            _p(meta, s["muted"]),
            _facts(
                [
                    (row["label"], row["value"] + (" (corrected)" if row["amended"] else ""))
                    for row in item["rows"]
                    if row["value"] != "—"
                ],
                s,
                label_width=40 * mm,
            ),
        ]
        for count, amendment in enumerate(item["amendments"], start=1):
            # Each part its own paragraph, so a long reason or a corrected account
            # splits across pages and right-to-left text is laid out on its own.
            block.append(
                _p(
                    f"Correction {count}, {_day(amendment['amendment'].at, AT_SECONDS)} "
                    f"by {amendment['by']}.",
                    s["amend_head"],
                )
            )
            block.append(_p(f"Reason: {amendment['amendment'].reason}", s["amend"]))
            for c in amendment["changes"]:
                block.append(_p(f"{c['label']}: “{c['from']}” → “{c['to']}”", s["amend"]))
        if item["evidence"]:
            block.append(
                _p("Evidence: " + "; ".join(f"E{e.pk} {e.description}" for e in item["evidence"]), s["small"])
            )
        if item["cctv"]:
            block.append(
                _p(
                    "CCTV: "
                    + "; ".join(
                        f"footage {_day(c.footage_from, 'j M Y H:i')}–{_day(c.footage_to, 'H:i')} asked to "
                        f"be kept on {_day(c.requested_on, 'j M Y')}; kept {c.kept_where}"
                        for c in item["cctv"]
                    ),
                    s["small"],
                )
            )
        out += block
    return out


def _evidence(data, s) -> list:
    out = [_p("Evidence", s["h2"])]
    items = data["items"]
    if not items:
        out.append(_p("No evidence items are recorded.", s["body"]))
    else:
        rows = [_header_row(["Ref", "What", "Original held", "Added", "File and SHA-256"], s)]
        for e in items:
            held = e.get_held_where_display() + (f" – {e.held_detail}" if e.held_detail else "")
            file_cell = (
                [
                    _cell(f"{e.original_name} ({e.size:,} bytes)", s["small"], WIDTH * 0.36),
                    _cell(f"{e.sha256[:32]}\n{e.sha256[32:]}", s["mono"], WIDTH * 0.36),
                ]
                if e.has_file
                else ("No copy kept in Harbour", s["small"])
            )
            rows.append(
                [
                    (f"E{e.pk}\nincident {e.incident_id}", s["small"]),
                    (f"{e.get_kind_display()}: {e.description}", s["small"]),
                    (held, s["small"]),
                    (f"{_day(e.added_at, 'j M Y H:i')}\n{display_name(e.added_by)}", s["small"]),
                    file_cell,
                ]
            )
        out.append(_table(rows, [WIDTH * w for w in (0.1, 0.24, 0.16, 0.14, 0.36)]))
        for e in items:
            if e.preview:
                image = Image(io.BytesIO(e.preview))
                ratio = min(120 * mm / image.imageWidth, 105 * mm / image.imageHeight)
                image.drawWidth, image.drawHeight = image.imageWidth * ratio, image.imageHeight * ratio
                image.hAlign = "LEFT"
                out.append(
                    KeepTogether(
                        [
                            Spacer(1, 3 * mm),
                            image,
                            _p(
                                f"E{e.pk} · {e.description} · a copy with location and camera details "
                                "removed; the original file is in the pack unchanged.",
                                s["muted"],
                            ),
                        ]
                    )
                )
    if data["cctv"]:
        out.append(_p("CCTV preservation requests", s["h3"]))
        rows = [_header_row(["Footage", "Asked", "Recorded over on", "Kept", "Policy covers this use"], s)]
        for c in data["cctv"]:
            policy = c.get_policy_covers_use_display() + (
                f", confirmed by {c.policy_confirmed_by}" if c.policy_confirmed_by else ""
            )
            rows.append(
                [
                    (
                        f"{_day(c.footage_from, 'j M Y H:i')} to {_day(c.footage_to, 'j M Y H:i')}",
                        s["small"],
                    ),
                    (
                        f"{_day(c.requested_on, 'j M Y')} by {c.requested_by_name}, of {c.requested_of}",
                        s["small"],
                    ),
                    (_day(c.overwritten_on, "j M Y"), s["small"]),
                    (c.kept_where, s["small"]),
                    (policy, s["small"]),
                ]
            )
        out.append(_table(rows, [WIDTH * w for w in (0.22, 0.24, 0.14, 0.2, 0.2)]))
    return out


def _chain(data, s) -> list:
    out = [
        _p("Integrity: the hash chain", s["h2"]),
        _p(
            "Each entry's hash is SHA-256 over its position, kind, record number, the time it was chained, "
            "the hash of the record's content and the previous entry's hash. Changing, removing or "
            "reordering any entry changes every hash after it.",
            s["small"],
        ),
        Spacer(1, 2 * mm),
        _facts([("Chain head", _p(data["head"], s["mono"]))], s, label_width=30 * mm),
    ]
    rows = [_header_row(["#", "Entry", "Chained", "Entry hash"], s)]
    for row in data["entries"]:
        entry = row["entry"]
        label = f"{row['label']} {entry.object_id}" + (
            "" if row["included"] else "\n(left out at the employee's request)"
        )
        rows.append(
            [
                (entry.position, s["small"]),
                (label, s["small"]),
                (_day(entry.chained_at, "j M Y H:i:s"), s["small"]),
                (entry.entry_hash, s["mono"]),
            ]
        )
    out.append(_table(rows, [WIDTH * w for w in (0.05, 0.22, 0.17, 0.56)]))
    return out
