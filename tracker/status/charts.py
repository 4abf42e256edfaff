"""Server-side SVG of the status figures: no JavaScript, no inline styles (CSP-friendly)."""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup, escape

from tracker.assignments.deadlines import DEADLINE_CLASSES
from tracker.core.numbers import format_number
from tracker.status.services import CLASSES, Figures, StatusTable

# The badges' colours (app.css): orange and grey darkened for the contrast of their text.
COLOURS = {
    "done_on_time": "#2e7d32",
    "done_late": "#b84c00",
    "overdue": "#c62828",
    "due_soon": "#f9a825",
    "on_track": "#1565c0",
    "no_deadline": "#546e7a",
}


def bar_svg(figures: Figures, width: int = 160, height: int = 14) -> Markup:
    """The stacked colour bar of one row; hidden from screen readers, which read the same
    figures in the row's cells."""
    total = figures.total or 1
    x, parts = 0.0, []
    for name in CLASSES:
        w = width * figures.counts[name] / total
        if w:
            parts.append(
                f'<rect x="{x:.2f}" width="{w:.2f}" height="{height}" '
                f'fill="{COLOURS[name]}"><title>{escape(DEADLINE_CLASSES[name])}: '
                f"{format_number(figures.counts[name])}</title></rect>"
            )
        x += w
    return Markup(
        f'<svg class="bar" width="{width}" height="{height}" aria-hidden="true" '
        f'viewBox="0 0 {width} {height}">{"".join(parts)}</svg>'
    )


def status_chart_svg(table: StatusTable, width: int = 900) -> Markup:
    """One horizontal stacked bar per unit, scaled to the largest unit, with its label."""
    rows = table.rows()
    if not rows:
        return Markup("")
    label_w, line_h, bar_h = 220, 18, 12
    largest = max(row.figures.total for row in rows)
    scale = (width - label_w - 40) / largest
    parts = []
    for i, row in enumerate(rows):
        y = i * line_h
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 11}" text-anchor="end" font-size="11">'
            f"{escape(row.unit.short_name)}</text>"
        )
        x = float(label_w)
        for name in CLASSES:
            w = row.figures.counts[name] * scale
            if w:
                parts.append(
                    f'<rect x="{x:.1f}" y="{y + 2}" width="{w:.1f}" height="{bar_h}" '
                    f'fill="{COLOURS[name]}"><title>{escape(row.unit.short_name)} · '
                    f"{escape(DEADLINE_CLASSES[name])}: {format_number(row.figures.counts[name])}"
                    "</title></rect>"
                )
            x += w
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 11}" font-size="10">{row.figures.total}</text>'
        )
    height = len(rows) * line_h + 4
    label = _("Each unit's lead assignments by deadline class; the table above gives the figures.")
    return Markup(
        f'<svg class="chart" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif">'
        f"{''.join(parts)}</svg>"
    )
