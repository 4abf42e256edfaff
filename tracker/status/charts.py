"""Server-side SVG of the status figures: no JavaScript, no inline styles (CSP-friendly)."""

from __future__ import annotations

from markupsafe import Markup, escape

from tracker.status.services import CLASSES, Figures, StatusTable

COLOURS = {
    "done_on_time": "#2e7d32",
    "done_late": "#ef6c00",
    "overdue": "#c62828",
    "due_soon": "#f9a825",
    "on_track": "#1565c0",
    "no_deadline": "#78909c",
}


def bar_svg(figures: Figures, width: int = 160, height: int = 14) -> Markup:
    """The stacked colour bar of one row."""
    total = figures.total or 1
    x, parts = 0.0, []
    for name in CLASSES:
        w = width * figures.counts[name] / total
        if w:
            parts.append(
                f'<rect x="{x:.2f}" width="{w:.2f}" height="{height}" '
                f'fill="{COLOURS[name]}"><title>{name}: {figures.counts[name]}'
                f"</title></rect>"
            )
        x += w
    return Markup(
        f'<svg class="bar" width="{width}" height="{height}" role="img" '
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
                    f"{name}: {row.figures.counts[name]}</title></rect>"
                )
            x += w
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 11}" font-size="10">{row.figures.total}</text>'
        )
    height = len(rows) * line_h + 4
    return Markup(
        f'<svg class="chart" width="{width}" height="{height}" role="img" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif">'
        f"{''.join(parts)}</svg>"
    )
