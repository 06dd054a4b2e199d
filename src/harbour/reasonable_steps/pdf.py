"""The reasonable-steps report laid out for paper with ReportLab, through
harbour.pdf_kit (what Harbour's documents share) and harbour.pdf_text (a font
for every script; text escaped before it becomes markup). A few pages of
counts: built while the download waits, in well under a second, so not on the
task queue."""

from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table

from harbour import pdf_kit
from harbour.pdf_kit import WIDTH
from harbour.pdf_kit import day as _day
from harbour.pdf_kit import paragraph as _p
from harbour.pdf_kit import table as _table
from harbour.reasonable_steps.selectors import Report, StepReport

LABEL_WIDTH = 0.62 * WIDTH


def _styles() -> dict:
    s = pdf_kit.styles()
    s["title"] = pdf_kit.heading("title", s, 20, 25, spaceAfter=3 * mm)
    s["h2"] = pdf_kit.heading("h2", s, 13, 17, spaceBefore=5 * mm, spaceAfter=1.5 * mm)
    s["h3"] = pdf_kit.heading("h3", s, 10, 13, spaceBefore=2.5 * mm, spaceAfter=1 * mm)
    return s


def _rows(figures, s) -> Table | None:
    if not figures:
        return None
    rows = [[(figure.label, s["body"]), (figure.shown, s["label"])] for figure in figures]
    return _table(rows, [LABEL_WIDTH, WIDTH - LABEL_WIDTH], header=False)


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
    return pdf_kit.build(
        story,
        s=s,
        footer=f"Harbour · {scope.name} · {period}",
        title=f"Reasonable steps: {scope.name}, {period}",
        author=report.prepared_by,
    )
