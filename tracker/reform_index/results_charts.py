"""The results' charts as server-side SVG, as the status page's and the board's: no JavaScript,
no inline styles, no CDN. Each scales to a phone's width (viewBox) and sits beside a table that
gives the same figures to screen readers."""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup, escape

from tracker.core.numbers import format_number
from tracker.reform_index.scoring import shown_points

# Best band first: green, blue, orange, red (the deadline badges' colours), grey beyond.
BAND_COLOURS = ("#2e7d32", "#1565c0", "#b84c00", "#c62828")
OTHER = "#546e7a"
AVERAGE = "#90a4ae"


def band_colours(bands) -> dict[str, str]:
    ordered = sorted(bands or (), key=lambda band: float(band["min"]), reverse=True)
    return {
        band["label"]: BAND_COLOURS[i] if i < len(BAND_COLOURS) else OTHER
        for i, band in enumerate(ordered)
    }


def ranking_chart_svg(items, bands, width: int = 360) -> Markup:
    """One horizontal bar per ranked unit, its index out of 100, coloured by its band."""
    scored = [item for item in items if item.index is not None]
    if not scored:
        return Markup("")
    colours = band_colours(bands)
    label_w, line_h, bar_h = 120, 18, 12
    plot_w = width - label_w - 44
    parts = []
    for i, item in enumerate(scored):
        y = i * line_h
        w = plot_w * max(min(item.index, 100), 0) / 100
        text = f"{item.rank}. {item.short_name}"
        parts.append(
            f'<text x="{label_w - 4}" y="{y + 11}" text-anchor="end" font-size="10">'
            f"{escape(text[:24])}</text>"
            f'<rect x="{label_w}" y="{y + 1}" width="{w:.1f}" height="{bar_h}" '
            f'fill="{colours.get(item.band, OTHER)}"><title>{escape(item.unit_name)}: '
            f"{escape(format_number(item.index))} ({escape(item.band or '')})</title></rect>"
            f'<text x="{label_w + w + 3:.1f}" y="{y + 11}" font-size="10">'
            f"{escape(format_number(item.index))}</text>"
        )
    height = len(scored) * line_h + 4
    label = _("The units' reform index, best first; the table gives the figures.")
    return Markup(
        f'<svg class="chart index-chart" width="100%" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
        f'font-family="sans-serif">{"".join(parts)}</svg>'
    )


def breakdown_chart_svg(breakdown, width: int = 360) -> Markup:
    """Per lĩnh vực, the unit's share of the maximum beside the province's average (and the
    year before when there is one), each out of 100 %."""
    rows = [area for area in breakdown.areas if area.points is not None]
    if not rows:
        return Markup("")
    label_w, bar_h = 28, 13
    plot_w = width - label_w - 44
    series = [("unit", "#1565c0"), ("average", AVERAGE)]
    if any(area.before is not None for area in rows):
        series.append(("before", "#b84c00"))
    group_h = bar_h * len(series) + 8
    parts = []
    for i, area in enumerate(rows):
        top = i * group_h
        parts.append(
            f'<text x="{label_w - 4}" y="{top + bar_h + 2}" text-anchor="end" font-size="10">'
            f"{escape(area.criterion.number)}</text>"
        )
        values = {
            "unit": (area.points, float(area.criterion.max_points)),
            "average": (area.average, float(area.criterion.max_points)),
            "before": (area.before, area.before_max),
        }
        for j, (name, colour) in enumerate(series):
            points, top_points = values[name]
            if points is None or not top_points:
                continue
            share = max(min(points / top_points, 1), 0)
            y = top + j * bar_h
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{plot_w * share:.1f}" '
                f'height="{bar_h - 1}" fill="{colour}"><title>{escape(area.criterion.title)}: '
                f"{escape(shown_points(points))}/{escape(shown_points(top_points))}"
                f"</title></rect>"
                f'<text x="{label_w + plot_w * share + 3:.1f}" y="{y + bar_h - 1}" '
                f'font-size="10">{escape(shown_points(points))}</text>'
            )
    height = len(rows) * group_h
    label = _(
        "Each area's points as a share of its maximum: the unit, the province's average and "
        "the year before; the table gives the figures."
    )
    return Markup(
        f'<svg class="chart index-chart" width="100%" role="img" aria-label="{escape(label)}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet" '
        f'font-family="sans-serif">{"".join(parts)}</svg>'
    )
