"""Bar charts of the published figures as server-rendered SVG, like the case's
incident chart: a title and a description for screen readers, and the page gives
the same figures as a table beside each chart. A suppressed figure has no bar:
its words ("fewer than 5", "withheld") are written where the bar would be."""

from xml.sax.saxutils import escape

from harbour.statistics.suppression import Shown

WIDTH = 680
LABEL_W = 250
BAR_H, GAP, TOP = 22, 8, 8


def _text(x: float, y: float, content: str, anchor: str = "start", weight: str = "normal") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="14" font-weight="{weight}" '
        f'font-family="system-ui, sans-serif" fill="#0b0c0c">{escape(content)}</text>'
    )


def bars(chart_id: str, title: str, items: list[tuple[str, Shown]]) -> str:
    """Horizontal bars, one per (label, figure). Empty when there is nothing to draw:
    no figures, or none big enough to be shown as a number."""
    numbers = [value for _, value in items if isinstance(value, int)]
    if not numbers:
        return ""
    largest = max(numbers, default=0) or 1
    plot_w = WIDTH - LABEL_W - 110
    height = TOP * 2 + len(items) * (BAR_H + GAP)
    shown = sum(isinstance(value, int) for _, value in items)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" class="harbour-chart" id="{chart_id}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">A bar for each of {len(items)} figures, {shown} of them shown as '
        "numbers; small numbers are not drawn. The table after the chart gives the same figures.</desc>",
    ]
    for i, (label, value) in enumerate(items):
        y = TOP + i * (BAR_H + GAP)
        middle = y + BAR_H / 2 + 5
        parts.append(_text(LABEL_W - 10, middle, label, anchor="end"))
        if isinstance(value, int):
            width = max(2.0, plot_w * value / largest)
            parts.append(
                f'<rect x="{LABEL_W}" y="{y}" width="{width:.1f}" height="{BAR_H}" fill="#1d70b8">'
                f"<title>{escape(label)}: {value}</title></rect>"
            )
            parts.append(_text(LABEL_W + width + 6, middle, str(value), weight="bold"))
        else:
            parts.append(_text(LABEL_W + 6, middle, value))
    parts.append("</svg>")
    return "\n".join(parts)
