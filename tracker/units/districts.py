"""A commune's district on a day. Until 2025 communes belonged to districts; when the districts
closed (1/7/2025) a commune kept its district as its parent, so that the pages and answers of
the days before still name it ("Phường 1 (TP Đông Hà)"). From the district's closing on the
commune has none: every reader of a commune's district asks here, never `Unit.parent`."""

from __future__ import annotations

from datetime import date

from tracker.core.timeutil import local_today


def shown_day(valid_to: date | None, day: date | None = None) -> date:
    """The day a unit is shown as of: `day` (today by default), or the unit's last day when it
    closed before then (a closed commune is shown with the district it had at its end)."""
    day = day or local_today()
    return valid_to if valid_to is not None and valid_to < day else day


def existed_on(valid_from: date | None, valid_to: date | None, day: date) -> bool:
    return (valid_from is None or valid_from <= day) and (valid_to is None or day <= valid_to)


def district_on(unit, day: date | None = None):
    """The unit's district on `day` (today by default; a closed unit's last day when earlier):
    its parent while that district existed, else None."""
    parent = unit.parent
    if parent is None:
        return None
    when = shown_day(unit.valid_to, day)
    return parent if existed_on(parent.valid_from, parent.valid_to, when) else None
