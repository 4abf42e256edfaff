"""The deadline-phrase parser: how a plan writes a deadline → a due date or a recurrence.

Plans write deadlines as words (DOMAIN.md): "Tháng 3/2021" is the last day of March,
"Quý II/2021" the last day of the quarter, "Trước ngày 15/12/2021" that day, "Thường xuyên"
and "Hằng quý" no single date. A phrase without a year takes the plan's year. Anything else
is refused with a problem (core.problems) that shows the forms that are understood.

A recurring duty gives its recurrence (monthly … yearly, or continuous) and, when the phrase
says one, its due rule (core.recurrence.DueRule): "Hằng quý, trước ngày 15 tháng cuối quý",
"Hằng tháng (trước ngày 20)", "trong 5 ngày làm việc sau khi kết thúc quý", "trước ngày 5
tháng đầu quý sau". Without one ("Hằng quý", "Báo cáo 6 tháng, năm") the rule is None: the
plan's default.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem
from tracker.core.recurrence import DueRule
from tracker.core.text import strip_diacritics

EXAMPLES = [
    f"“{phrase}”"
    for phrase in (
        "Tháng 3/2021",
        "Quý II/2021",
        "6 tháng đầu năm",
        "Trước ngày 15/12/2021",
        "30/6/2021",
        "Năm 2021",
        "Thường xuyên",
        "Hằng quý",
        "Hằng quý, trước ngày 15 tháng cuối quý",
    )
]
QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
# d/m/y with the same separator twice, so that "Tháng 10-11/2021" is not 10 November.
_END = r"(?![\d/-]|\.\d)"  # a date may end a sentence: "… 30/6/2021."
_FULL_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})" + _END)
_WORDY_DATE = re.compile(
    r"(?:ngay\s*)?(?<!\d)(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*(?:nam|/)\s*(\d{4}))?(?!\d)"
)
_DAY_MONTH = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})" + _END)
_MONTH_YEAR = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{4})" + _END)
_Q = r"(?:[ivx]+|\d)(?![\divx])"  # one quarter, I–IV or 1–4, not the start of a year
_QUARTER_LIST = re.compile(rf"quy\s*({_Q}(?:\s*(?:,|;|\bva\b|-|\bden\b|&|\+)\s*(?:quy\s*)?{_Q})*)")
_FIRST_MONTHS = re.compile(r"(?<!\d)(\d{1,2})\s*thang\s*(dau|cuoi)\s*nam")
# What a recurring duty repeats on, the most frequent first: "Báo cáo quý, 6 tháng, năm" is
# quarterly. Plain "Hằng năm" stays a date (the end of the plan's year).
_EVERY = r"(?:\b(?:hang|moi|dinh\s+ky)\s+)"
_RECURRENCES = (
    ("monthly", re.compile(rf"{_EVERY}thang\b")),
    ("quarterly", re.compile(rf"{_EVERY}quy\b|\bbao\s+cao\s+quy\s*(?:,|va)\s*6\s+thang")),
    (
        "six_monthly",
        re.compile(
            rf"{_EVERY}6\s+thang\b|(?<!\d)6\s+thang\s*(?:,|va|;)\s*(?:ca\s+)?nam\b"
            r"|\b6\s+thang\s+(?:mot|1)\s+lan\b"
        ),
    ),
)
_PERIOD_WORDS = {"thang": "monthly", "quy": "quarterly", "nam": "yearly", "6 thang": "six_monthly"}
_PERIOD = r"(6\s+thang|thang|quy|nam|ky)"
_DAYS_AFTER_END = re.compile(
    rf"(?<!\d)(\d{{1,3}})\s+ngay\s+(lam\s+viec\s+)?(?:sau\s+|ke\s+tu\s+)(?:khi\s+|ngay\s+)?"
    rf"(?:ket\s+thuc|het)\s+(?:moi\s+|hang\s+)?{_PERIOD}\b"
)
_NEXT_PERIOD = re.compile(
    rf"ngay\s+(\d{{1,3}})\s+(?:cua\s+)?thang\s+(?:dau\s+(?:cua\s+)?{_PERIOD}\s+)?"
    r"(?:sau|tiep\s+theo|ke\s+tiep)\b"
)
_LAST_MONTH = re.compile(
    rf"ngay\s+(\d{{1,3}})\s+(?:cua\s+)?thang\s+cuoi\s+(?:cua\s+)?{_PERIOD}\b"
    r"|ngay\s+(\d{1,3})\s+(?:hang|moi)\s+thang\b"
    r"|truoc\s+ngay\s+(\d{1,3})(?!\s*(?:[/.-]\s*\d|thang|\d))"
)


@dataclass(frozen=True)
class ParsedDeadline:
    """A due date, or a recurrence ("continuous", "quarterly") for a task with no single one."""

    due_date: date | None = None
    recurrence: str | None = None
    # A recurring duty's due rule as the phrase says it; None: the plan's default rule.
    rule: DueRule | None = None


class DeadlineError(ValueError):
    """The phrase is not a deadline this parser knows; its problem says what it expected."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem

    def __str__(self) -> str:
        return self.problem.text


def unreadable(text: str) -> DeadlineError:
    return DeadlineError(
        Problem(
            "deadline_unreadable",
            _l("Cannot read the deadline “%(value)s”; write e.g. %(examples)s."),
            value=text,
            examples=EXAMPLES,
        )
    )


def no_such_month(text: str, month: int) -> DeadlineError:
    return DeadlineError(
        Problem(
            "deadline_no_such_month",
            _l("“%(value)s”: there is no month %(month)s."),
            value=text,
            month=month,
        )
    )


def parse_deadline(value, default_year: int | None = None) -> ParsedDeadline:
    """A deadline cell (text, or a date from a spreadsheet) → ParsedDeadline.

    `default_year` is the plan's year, for phrases such as "Quý II" or "Trước 15/12".
    Raises DeadlineError when the phrase cannot be read.
    """
    if isinstance(value, datetime):
        return ParsedDeadline(due_date=value.date())
    if isinstance(value, date):
        return ParsedDeadline(due_date=value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer() and 2000 <= value <= 2100:
            return ParsedDeadline(due_date=date(int(value), 12, 31))
        raise DeadlineError(
            Problem(
                "deadline_is_a_number",
                _l("The deadline %(value)s is a number, not a date; write e.g. %(examples)s."),
                value=value,
                examples=EXAMPLES,
            )
        )
    text = " ".join(str(value or "").split())
    if not text:
        raise DeadlineError(
            Problem(
                "deadline_empty",
                _l("The deadline is empty; write e.g. %(examples)s."),
                examples=EXAMPLES,
            )
        )
    phrase = strip_diacritics(text).lower()
    try:
        return _parse(phrase, default_year, text)
    except DeadlineError:
        raise
    except ValueError:  # date() refused a day such as 31/6
        raise DeadlineError(
            Problem("deadline_not_a_date", _l("“%(value)s” is not a valid date."), value=text)
        ) from None


def _parse(s: str, default_year: int | None, text: str) -> ParsedDeadline:
    rule, period = _rule(s, text)
    for recurrence, pattern in _RECURRENCES:
        if pattern.search(s):
            return ParsedDeadline(recurrence=recurrence, rule=rule)
    if rule is not None and period in _PERIOD_WORDS:
        # "Trong 5 ngày làm việc sau khi kết thúc quý": the period it ends says how often.
        return ParsedDeadline(recurrence=_PERIOD_WORDS[period], rule=rule)
    if re.search(r"\bthuong\s+xuyen\b", s):
        return ParsedDeadline(recurrence="continuous")
    if re.search(r"\b(hang|moi)\s+(tuan|ngay)\b", s):
        raise DeadlineError(
            Problem(
                "deadline_too_frequent",
                _l(
                    "“%(value)s” repeats more often than the tracker follows; write “Thường "
                    "xuyên” (continuous), “Hằng tháng” (monthly) or “Hằng quý” (quarterly)."
                ),
                value=text,
            )
        )

    def year_of(found: str | None) -> int:
        if found:
            year = int(found)
            year = year + 2000 if year < 100 else year
        else:
            years = _YEAR.findall(s)
            year = int(years[-1]) if years else default_year
        if year is None:
            raise DeadlineError(
                Problem(
                    "deadline_without_year",
                    _l(
                        "“%(value)s” has no year and the plan's year is not known; write the "
                        "year, e.g. “Quý II/2021”, or give the plan's year."
                    ),
                    value=text,
                )
            )
        if not 2000 <= year <= 2100:
            raise DeadlineError(
                Problem(
                    "deadline_year_out_of_range",
                    _l("“%(value)s”: the year %(year)s is not between 2000 and 2100."),
                    value=text,
                    year=str(year),
                )
            )
        return year

    def day(year: int, month: int, day_: int) -> ParsedDeadline:
        if not 1 <= month <= 12:
            raise no_such_month(text, month)
        return ParsedDeadline(due_date=date(year, month, day_))

    def month_end(year: int, month: int) -> ParsedDeadline:
        if not 1 <= month <= 12:
            raise no_such_month(text, month)
        return ParsedDeadline(due_date=date(year, month, calendar.monthrange(year, month)[1]))

    # The most precise form first: a full date anywhere ("Trước ngày 15/12/2021"); of a
    # range ("từ 01/3/2021 đến 30/6/2021") the last one.
    if dates := _FULL_DATE.findall(s):
        d, _sep, m, y = dates[-1]
        return day(year_of(y), int(m), int(d))
    if dates := _WORDY_DATE.findall(s):
        d, m, y = dates[-1]
        return day(year_of(y or None), int(m), int(d))
    if re.search(r"\bquy", s):
        return _quarter(s, year_of, text)
    if found := _FIRST_MONTHS.search(s):
        months, part = int(found.group(1)), found.group(2)
        if not 1 <= months <= 12:
            raise DeadlineError(
                Problem(
                    "deadline_too_many_months",
                    _l("“%(value)s”: a year has 12 months."),
                    value=text,
                )
            )
        return month_end(year_of(None), months if part == "dau" else 12)
    if re.search(r"\bthang\b", s):
        return _months(s, year_of, month_end, text)
    if found := _MONTH_YEAR.search(s):
        return month_end(year_of(found.group(2)), int(found.group(1)))
    if found := _DAY_MONTH.search(s):
        return day(year_of(None), int(found.group(3)), int(found.group(1)))
    if re.search(r"\b(ca|trong|cuoi|hang)\s+nam\b|\bnam\s+\d{4}\b", s) or re.fullmatch(r"\d{4}", s):
        return ParsedDeadline(due_date=date(year_of(None), 12, 31))
    raise unreadable(text)


def _quarter(s: str, year_of, text: str) -> ParsedDeadline:
    found = _QUARTER_LIST.search(s)
    if not found:
        raise DeadlineError(
            Problem(
                "deadline_which_quarter",
                _l("“%(value)s”: which quarter? Write e.g. “Quý II/2021” or “Quý 2/2021”."),
                value=text,
            )
        )
    names = [n for n in re.split(r"[\s,;&+-]+|\bva\b|\bden\b|\bquy\b", found.group(1)) if n]
    unknown = [name for name in names if name not in QUARTERS]
    if unknown:
        raise DeadlineError(
            Problem(
                "deadline_no_such_quarter",
                _l("“%(value)s”: there is no quarter %(quarter)s."),
                value=text,
                quarter=unknown[0].upper(),
            )
        )
    # "Quý III, IV/2021" and "Quý III-IV/2021" end with the last quarter named.
    quarter = max(QUARTERS[name] for name in names)
    year = year_of(None)
    month = quarter * 3
    return ParsedDeadline(due_date=date(year, month, calendar.monthrange(year, month)[1]))


def _months(s: str, year_of, month_end, text: str) -> ParsedDeadline:
    # "Tháng 10 và tháng 11/2021", "Tháng 10, 11/2021", "Tháng 10-11/2021": the last month.
    tail = s[re.search(r"\bthang\b", s).start() :]
    tail = _YEAR.sub(" ", tail)
    months = [int(n) for n in re.findall(r"(?<!\d)(\d{1,2})(?!\d)", tail)]
    if not months:
        raise DeadlineError(
            Problem(
                "deadline_which_month",
                _l("“%(value)s”: which month? Write e.g. “Tháng 3/2021”."),
                value=text,
            )
        )
    return month_end(year_of(None), months[-1])


def _rule(s: str, text: str) -> tuple[DueRule | None, str | None]:
    """The due rule a recurring phrase says, with the period word it names ("quy"), or
    (None, None)."""
    found = _DAYS_AFTER_END.search(s)
    if found:
        day, working, period = int(found.group(1)), bool(found.group(2)), found.group(3)
        return _checked(DueRule("days_after_end", day, working), text), _word(period)
    found = _NEXT_PERIOD.search(s)
    if found:
        rule = DueRule("day_of_next_period", int(found.group(1)))
        return _checked(rule, text), _word(found.group(2))
    found = _LAST_MONTH.search(s)
    if found:
        day = int(next(g for g in found.groups()[:1] + found.groups()[2:] if g))
        return _checked(DueRule("day_of_last_month", day), text), _word(found.group(2))
    return None, None


def _word(period: str | None) -> str | None:
    return " ".join(period.split()) if period else None


def _checked(rule: DueRule, text: str) -> DueRule:
    limit = 31
    if not 1 <= rule.day <= limit:
        raise DeadlineError(
            Problem(
                "deadline_no_such_day",
                _l("“%(value)s”: day %(day)s is not from 1 to %(last)s."),
                value=text,
                day=rule.day,
                last=limit,
            )
        )
    return rule
