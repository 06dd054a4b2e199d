"""The reasonable-steps report laid out for paper with ReportLab, through
harbour.pdf_text (a font for every script; text escaped before it becomes
markup). A few pages of counts: built while the download waits, in well under
a second, so not on the task queue."""

import io

from django.utils import timezone
from django.utils.formats import date_format
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from harbour import pdf_text
from harbour.reasonable_steps.selectors import Report, StepReport

INK = colors.HexColor("#0b0c0c")
MUTED = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
SHADE = colors.HexColor("#f3f2f1")
WIDTH = A4[0] - 36 * mm
LABEL_WIDTH = 0.62 * WIDTH
CELL_PADDING = 4 * mm


def _fonts() -> tuple[str, str]:
    """DejaVu with harbour.pdf_text's fallbacks where the system has it; else Helvetica."""
    if pdf_text.available("HarbourSans") and pdf_text.available("HarbourSans-Bold"):
        return "HarbourSans", "HarbourSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def _styles() -> dict:
    regular, bold = _fonts()
    body = ParagraphStyle(
        "body", fontName=regular, fontSize=9.5, leading=13, textColor=INK, alignment=TA_LEFT
    )
    return {
        "body": body,
        "muted": ParagraphStyle("muted", parent=body, fontSize=8.5, leading=11.5, textColor=MUTED),
        "label": ParagraphStyle("label", parent=body, fontName=bold),
        "title": ParagraphStyle(
            "title", parent=body, fontName=bold, fontSize=20, leading=25, spaceAfter=3 * mm
        ),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=bold, fontSize=13, leading=17, spaceBefore=5 * mm, spaceAfter=1.5 * mm
        ),
        "h3": ParagraphStyle(
            "h3", parent=body, fontName=bold, fontSize=10, leading=13, spaceBefore=2.5 * mm, spaceAfter=1 * mm
        ),
        "fonts": (regular, bold),
    }


def _p(text, style, width=WIDTH):
    return pdf_text.paragraph(text, style, width)


def _day(value) -> str:
    return date_format(value, "j F Y")


def _rows(figures, s) -> Table | None:
    if not figures:
        return None
    rows = [
        [
            _p(figure.label, s["body"], LABEL_WIDTH - CELL_PADDING),
            _p(figure.shown, s["label"], WIDTH - LABEL_WIDTH - CELL_PADDING),
        ]
        for figure in figures
    ]
    table = Table(rows, colWidths=[LABEL_WIDTH, WIDTH - LABEL_WIDTH], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 2 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2 * mm),
            ]
        )
    )
    return table


def _step(step: StepReport, s) -> list:
    """A step: its heading kept with its first source, each source's block kept together."""
    heading = [_p(f"Step {step.step.number}: {step.step.title}", s["h2"]), _p(step.step.asks, s["muted"])]
    story = []
    for evidence in step.evidence:
        block = [*heading, _p(evidence.source.title, s["h3"])]
        heading = []
        if not evidence.available:
            block.append(_p(evidence.note, s["body"]))
            story.append(KeepTogether(block))
            continue
        held = _rows(evidence.held, s)
        if held is not None:
            block += [_p("What Harbour holds", s["muted"]), held]
        missing = _rows(evidence.missing, s)
        if missing is not None:
            block += [Spacer(0, 1.5 * mm), _p("What is missing", s["muted"]), missing]
        if evidence.note:
            block.append(_p(evidence.note, s["muted"]))
        story.append(KeepTogether(block))
    story += [Spacer(0, 2 * mm), _p(f"Outside Harbour: {step.step.elsewhere}", s["muted"])]
    return story


def render(report: Report) -> bytes:
    s = _styles()
    regular, bold = s["fonts"]
    scope = report.scope
    prepared_on = _day(timezone.localtime(report.prepared_at))
    prepared = f"Prepared on {prepared_on} by {report.prepared_by}, {report.prepared_as}"
    year = report.period
    period = f"academic year {year.code} ({_day(year.start)} to {_day(year.end)})"
    story = [
        _p(f"{scope.name}", s["muted"]),
        _p("Reasonable steps to prevent sexual harassment", s["title"]),
        _p(f"Period: the {period}", s["label"]),
        _p(prepared, s["body"]),
        Spacer(0, 3 * mm),
        _p(
            "What Harbour's records show for each of the eight steps in the Equality and Human Rights "
            "Commission's technical guidance, and what they do not show. Counts only: no names, no cases and "
            "nothing written in a case. A count under 5 is shown as \u201cfewer than 5\u201d, and a count "
            "that would let one be worked out is withheld.",
            s["body"],
        ),
    ]
    for step in report.steps:
        story += _step(step, s)

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(regular, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(18 * mm, 12 * mm, f"Harbour · {scope.name} · {period}")
        canvas.drawRightString(A4[0] - 18 * mm, 12 * mm, f"Page {doc.page}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=f"Reasonable steps: {scope.name}, {period}",
        author=report.prepared_by,
        creator="Harbour",
    )
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
