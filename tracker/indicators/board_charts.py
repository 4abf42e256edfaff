"""The board's chart of one indicator over the periods: server-side SVG, as the status page's
(tracker/status/charts.py): no JavaScript, no inline styles, no CDN. It scales to the width
of a phone (viewBox), and the table beside it gives the same figures to screen readers."""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup, escape

from tracker.core.numbers import format_number

BAR = "#1565c0"
TARGET = "#c62828"


def indicator_chart_svg(indicator, series, width: int = 360, height: int = 150) -> Markup:
    """One bar per period (its province value), the target as a line when it has one."""
    points = [(period, values.get(indicator.code)) for period, values in series]
    known = [value for _period, value in points if value is not None]
    target = float(indicator.target_value) if indicator.target_value is not None else None
    if not known:
        return Markup("")
    top = max([*known, target or 0]) or 1
    plot_h, base_y = height - 34, height - 20
    step = width / max(len(points), 1)
    bar_w = min(48.0, step * 0.6)
    parts = []
    for i, (period, value) in enumerate(points):
        x = i * step + (step - bar_w) / 2
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{height - 6}" text-anchor="middle" '
            f'font-size="10">{escape(period.code)}</text>'
        )
        if value is None:
            continue
        h = plot_h * value / top
        parts.append(
            f'<rect x="{x:.1f}" y="{base_y - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
            f'fill="{BAR}"><title>{escape(period.label)}: {format_number(value)}</title></rect>'
            f'<text x="{x + bar_w / 2:.1f}" y="{base_y - h - 3:.1f}" text-anchor="middle" '
            f'font-size="10">{format_number(value)}</text>'
        )
    if target is not None:
        y = base_y - plot_h * target / top
        parts.append(
            f'<line x1="0" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" stroke="{TARGET}" '
            f'stroke-dasharray="4 3"><title>{escape(_("Target"))}: '
            f"{escape(indicator.target_operator)} {format_number(target)}</title></line>"
        )
    label = _("%(name)s over the periods; the table gives the figures.", name=indicator.name)
    return Markup(
        f'<svg class="chart indicator-chart" width="100%" role="img" '
        f'aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="xMidYMid meet" font-family="sans-serif">{"".join(parts)}</svg>'
    )
