"""A picture of the case: incidents over time by severity and by where they
happened, as server-rendered SVG. Place is shown by shape as well as colour so
it reads without colour; the page gives the same facts as a table."""

import datetime
from xml.sax.saxutils import escape

from harbour.risk.signals import STREET_OR_HOME, WORK, Fact

WIDTH, HEIGHT = 680, 240
LEFT, RIGHT, TOP, BOTTOM = 110, 20, 20, 60
SEVERITY_NAMES = {1: "Lower", 2: "Serious", 3: "Most serious"}
PLACES = (
    ("work", "At or near work", "circle"),
    ("street_home", "In the street or at home", "square"),
    ("remote", "Online, by phone or by post", "triangle"),
)


def place_of(fact: Fact) -> str:
    if fact.location in WORK:
        return "work"
    if fact.location in STREET_OR_HOME:
        return "street_home"
    return "remote"


def _marker(shape: str, x: float, y: float, label: str) -> str:
    title = f"<title>{escape(label)}</title>"
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="#1d70b8" stroke="#0b0c0c">{title}</circle>'
    if shape == "square":
        box = f'x="{x - 7:.1f}" y="{y - 7:.1f}" width="14" height="14"'
        return f'<rect {box} fill="#d4351c" stroke="#0b0c0c">{title}</rect>'
    points = f"{x:.1f},{y - 8:.1f} {x - 8:.1f},{y + 6:.1f} {x + 8:.1f},{y + 6:.1f}"
    return f'<polygon points="{points}" fill="#00703c" stroke="#0b0c0c">{title}</polygon>'


def _text(x: float, y: float, content: str, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="13" '
        f'font-family="system-ui, sans-serif" fill="#0b0c0c">'
        f"{escape(content)}</text>"
    )


def svg(facts: list[Fact], *, title: str = "Incidents over time") -> str:
    """An SVG string; empty when there is nothing to draw."""
    if not facts:
        return ""
    facts = sorted(facts, key=lambda f: (f.occurred_on, f.incident_id))
    first, last = facts[0].occurred_on, facts[-1].occurred_on
    span = max((last - first).days, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(day: datetime.date) -> float:
        return LEFT + plot_w * ((day - first).days / span if last != first else 0.5)

    def y_of(severity: int) -> float:
        return TOP + plot_h * (3 - severity) / 2

    shapes = {code: shape for code, _, shape in PLACES}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title chart-desc" class="harbour-chart">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{len(facts)} incidents from {first:%-d %B %Y} to {last:%-d %B %Y}, '
        "placed by date and severity; the shape shows where each happened. "
        "The table below gives the same picture in words.</desc>",
    ]
    for severity, name in SEVERITY_NAMES.items():
        y = y_of(severity)
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" stroke="#b1b4b6"/>')
        parts.append(_text(LEFT - 8, y + 4, name, anchor="end"))
    baseline = TOP + plot_h + 14
    parts.append(_text(LEFT, baseline + 6, f"{first:%-d %b %Y}"))
    if last != first:
        parts.append(_text(WIDTH - RIGHT, baseline + 6, f"{last:%-d %b %Y}", anchor="end"))
    place_names = {code: name for code, name, _ in PLACES}
    # Incidents on the same day, of the same severity and place, sit on the same
    # spot: one marker that says how many, not a pile drawn over itself. A long
    # record costs the markers it can show, and each says what it stands for.
    spots: dict[tuple, int] = {}
    for fact in facts:
        spot = (fact.occurred_on, fact.severity, place_of(fact))
        spots[spot] = spots.get(spot, 0) + 1
    for (day, severity, place), count in spots.items():
        what = f"{count} incidents" if count > 1 else "1 incident"
        label = f"{day:%-d %B %Y}: {what}, {SEVERITY_NAMES[severity].lower()}, {place_names[place].lower()}"
        parts.append(_marker(shapes[place], x_of(day), y_of(severity), label))
    legend_y = HEIGHT - 14
    x = 20
    for _, name, shape in PLACES:
        parts.append(_marker(shape, x + 7, legend_y - 4, name))
        parts.append(_text(x + 20, legend_y, name))
        x += 215
    parts.append("</svg>")
    return "\n".join(parts)


def rows(facts: list[Fact]) -> list[dict]:
    """The chart's facts as table rows: its text alternative."""
    places = {code: name for code, name, _ in PLACES}
    return [
        {"date": f.occurred_on, "severity": SEVERITY_NAMES[f.severity], "place": places[place_of(f)]}
        for f in sorted(facts, key=lambda f: (f.occurred_on, f.incident_id))
    ]


def month_rows(facts: list[Fact]) -> list[dict]:
    """The chart as counts per month, by severity and by place: a text alternative
    whose length follows the months a case spans, not its number of incidents."""
    months: dict[datetime.date, dict] = {}
    for fact in facts:
        month = fact.occurred_on.replace(day=1)
        row = months.setdefault(
            month,
            {
                "month": month,
                "total": 0,
                **{f"s{n}": 0 for n in SEVERITY_NAMES},
                **{c: 0 for c, _, _ in PLACES},
            },
        )
        row["total"] += 1
        row[f"s{fact.severity}"] += 1
        row[place_of(fact)] += 1
    return [months[month] for month in sorted(months)]
