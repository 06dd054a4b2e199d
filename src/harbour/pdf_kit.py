"""What Harbour's ReportLab documents share: the evidence pack, the referral
summary and the reasonable-steps report. The colours, the text block's width,
the fonts (DejaVu with harbour.pdf_text's fallbacks, else ReportLab's built-in
ones), the text styles, paragraphs, dates, tables, a plain page footer and the
course of conduct in words. Each document keeps its own headings, sections and
anything laid out only there; harbour.pdf_text stays about getting any script
onto the page."""

import io

from django.utils import timezone
from django.utils.formats import date_format
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, SimpleDocTemplate, Table, TableStyle

from harbour import pdf_text

INK = colors.HexColor("#0b0c0c")
MUTED = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
SHADE = colors.HexColor("#f3f2f1")
BLUE = colors.HexColor("#1d70b8")
WIDTH = A4[0] - 36 * mm  # the text block between the side margins
CELL_PADDING = 4 * mm  # a table cell's left and right padding together


def fonts(*, mono: bool = False) -> tuple[str, ...]:
    """(regular, bold), and the monospaced font with `mono`: DejaVu (with
    harbour.pdf_text's fallbacks for other scripts) where the system has all of
    them; otherwise ReportLab's built-in Helvetica and Courier."""
    families = ("HarbourSans", "HarbourSans-Bold", "HarbourMono")[: 3 if mono else 2]
    if all(pdf_text.available(family) for family in families):
        return families
    return ("Helvetica", "Helvetica-Bold", "Courier")[: len(families)]


def styles(*, body=(9.5, 13), small=(8.5, 11.5), label_size: float | None = None, mono: bool = False) -> dict:
    """The text styles every document has (body, small, muted, label, bold) at
    body and small's (size, leading), with "fonts" (fonts()'s answer)."""
    chosen = fonts(mono=mono)
    regular, bold = chosen[:2]
    base = ParagraphStyle(
        "body", fontName=regular, fontSize=body[0], leading=body[1], textColor=INK, alignment=TA_LEFT
    )
    label = {"fontSize": label_size} if label_size is not None else {}
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=small[0], leading=small[1]),
        "muted": ParagraphStyle("muted", parent=base, fontSize=small[0], leading=small[1], textColor=MUTED),
        "label": ParagraphStyle("label", parent=base, fontName=bold, **label),
        "bold": ParagraphStyle("bold", parent=base, fontName=bold),
        "fonts": chosen,
    }


def heading(name: str, s: dict, size: float, leading: float, **more) -> ParagraphStyle:
    """A bold style on the body's; `more` are ParagraphStyle's own keywords (spacing)."""
    bold = s["fonts"][1]
    return ParagraphStyle(name, parent=s["body"], fontName=bold, fontSize=size, leading=leading, **more)


def paragraph(text, style, width=WIDTH) -> Flowable:
    """Any text as a paragraph `width` points wide (a cell's width, less its padding)."""
    return pdf_text.paragraph(text, style, width)


def day(value, fmt="j F Y") -> str:
    """A date, or a datetime on the school's clock; "—" for none."""
    if value is None:
        return "—"
    return date_format(timezone.localtime(value) if hasattr(value, "tzinfo") and value.tzinfo else value, fmt)


def header_row(labels, s) -> list:
    return [(label, s["label"]) for label in labels]


def table(rows, widths, *, header=True, rule=RULE) -> Table:
    """A table whose (text, style) cells become paragraphs as wide as their column;
    any other cell (a flowable, a list of them) goes in as it is."""
    rows = [
        [
            paragraph(cell[0], cell[1], width - CELL_PADDING) if isinstance(cell, tuple) else cell
            for cell, width in zip(row, widths, strict=True)
        ]
        for row in rows
    ]
    # splitInRow: a row taller than what is left of the page (a long account or
    # reason) continues on the next page instead of failing the whole build.
    out = Table(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, rule),
        ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2 * mm),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), SHADE))
    out.setStyle(TableStyle(commands))
    return out


def conduct(
    words: dict, s: dict, *, several: str = "{person}'s behaviour is directed at {count} members of staff."
) -> list:
    """The course of conduct in words (cases.presenters.present_conduct's answer):
    each course that meets the test with the gaps in it, else each that does not
    yet, and each person whose behaviour reaches several members of staff, in
    the document's own sentence `several`."""
    out = []
    for course in words["conduct_courses"]:
        out.append(
            paragraph(
                f"The record meets the course-of-conduct test for {course['person']} towards "
                f"{course['employee']}: {course['count']} occasions between {day(course['first'])} and "
                f"{day(course['last'])}, with alarm, distress or fear of violence recorded. The test was "
                f"first met on {day(course['met_on'])}.",
                s["body"],
            )
        )
        for gap in course["gaps"]:
            gap_text = f"{gap.days} days passed between {day(gap.after)} and {day(gap.before)}."
            out.append(paragraph(gap_text, s["small"]))
    if not words["conduct_courses"]:
        for course in words["conduct_courses_pending"]:
            out.append(
                paragraph(
                    f"{course['count']} occasion(s) recorded for {course['person']} towards "
                    f"{course['employee']}; the course-of-conduct test is not met on this record.",
                    s["body"],
                )
            )
        if not words["conduct_courses_pending"]:
            out.append(
                paragraph(
                    "No course of conduct can be assessed: no incident names a person of concern.", s["body"]
                )
            )
    for person in words["conduct_several"]:
        out.append(paragraph(several.format(person=person["person"], count=person["count"]), s["body"]))
    return out


def build(story, *, s: dict, footer: str, header: str = "", title: str, author: str, subject=None) -> bytes:
    """The PDF of `story` on A4 with a plain footer (`footer`, and the page number)
    on every page, and `header` at the top right of every page when given."""
    regular, bold = s["fonts"][:2]

    def page(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(18 * mm, 12 * mm, footer)
        canvas.drawRightString(A4[0] - 18 * mm, 12 * mm, f"Page {doc.page}")
        if header:
            canvas.setFont(bold, 7.5)
            canvas.drawRightString(A4[0] - 18 * mm, A4[1] - 12 * mm, header)
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=title,
        author=author,
        subject=subject,
        creator="Harbour",
    )
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return buffer.getvalue()
