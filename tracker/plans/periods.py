"""The period box of the lists, the status page and the reports: what people type for a stretch
of days, read as (first day, last day).

    "2021", "năm 2021"                          the year
    "Quý III/2021", "quý 3/2021", "Q3/2021",
    "2021-Q3", "Quý III năm 2021"               the quarter
    "6 tháng đầu năm 2021", "6 tháng cuối năm 2021"  the half (any number of months)
    "Tháng 9/2021", "9/2021"                    the month
    "01/07/2021..30/09/2021", "2021-07-01..2021-09-30"  those days

Whatever the case and diacritics. Anything else is a ValueError (DateOutOfRange for a year
outside the dates the tracker accepts, PeriodReversed for two days the wrong way round).
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

from tracker.core.text import strip_diacritics
from tracker.core.timeutil import make_date, parse_date

ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"(?P<year>\d+)"  # any length: a year out of range is refused as such, not as text
_QUARTER = r"(?P<quarter>[1-4]|iv|i{1,3})"
_QUARTER_FORMS = (
    re.compile(rf"{_YEAR}\s*-?\s*q\s*(?P<quarter>[1-4])"),  # 2021-Q3
    re.compile(rf"(?:q|quy)\s*{_QUARTER}\s*(?:[/-]|\bnam\b|\s)\s*{_YEAR}"),  # Quý III/2021
)
_YEAR_FORM = re.compile(rf"(?:nam\s*)?{_YEAR}")
_PART_OF_YEAR = re.compile(
    rf"(?P<months>\d{{1,2}})\s*thang\s*(?P<part>dau|cuoi)\s*(?:nam\s*)?{_YEAR}"
)
_MONTH_FORMS = (
    # Tháng 9/2021, tháng 9 năm 2021, 9/2021
    re.compile(rf"(?:thang\s*)?(?P<month>\d{{1,2}})(?:\s*[/-]\s*|\s+nam\s+){_YEAR}"),
    re.compile(rf"{_YEAR}-(?P<month>\d{{2}})"),  # 2021-09
)


class PeriodReversed(ValueError):
    """Two days given the wrong way round: the period ends before it starts."""


def quarter_of(raw: str) -> tuple[int, int] | None:
    """(year, quarter) when `raw` names a quarter ("Quý III/2021", "2021-Q3"), else None."""
    text = _folded(raw)
    for form in _QUARTER_FORMS:
        if found := form.fullmatch(text):
            number = found["quarter"]
            return int(found["year"]), ROMAN_QUARTERS.get(number) or int(number)
    return None


def quarter_days(year: int, quarter: int) -> tuple[date, date]:
    first = make_date(year, 3 * quarter - 2, 1)  # the year checked before monthrange sees it
    return first, _month_end(year, 3 * quarter)


def parse_period(raw: str) -> tuple[date, date]:
    """The first and last day of the period written as `raw` (see the module's forms)."""
    if ".." in raw:
        start, end = (parse_date(part) for part in raw.split("..", 1))
        if end < start:
            raise PeriodReversed(f"{raw!r} ends before it starts")
        return start, end
    text = _folded(raw)
    if quarter := quarter_of(text):
        return quarter_days(*quarter)
    if found := _YEAR_FORM.fullmatch(text):
        year = int(found["year"])
        return make_date(year, 1, 1), make_date(year, 12, 31)
    if found := _PART_OF_YEAR.fullmatch(text):
        year, months = int(found["year"]), int(found["months"])
        if not 1 <= months <= 12:
            raise ValueError(f"{raw!r}: a year has 12 months")
        if found["part"] == "dau":
            return make_date(year, 1, 1), _month_end(year, months)
        return make_date(year, 13 - months, 1), make_date(year, 12, 31)
    for form in _MONTH_FORMS:
        if found := form.fullmatch(text):
            year, month = int(found["year"]), int(found["month"])
            return make_date(year, month, 1), _month_end(year, month)
    raise ValueError(f"{raw!r} is not a period")


def _folded(raw: str) -> str:
    return " ".join(strip_diacritics(raw or "").lower().split())


def _month_end(year: int, month: int) -> date:
    make_date(year, month, 1)  # a year or month out of range: ValueError before monthrange
    return make_date(year, month, monthrange(year, month)[1])
