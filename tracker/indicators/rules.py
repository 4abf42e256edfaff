"""The rules of periodic figures, each in one place: what a value may be, the checks between
figures ("GQ_DUNG_HAN + GQ_QUA_HAN = DA_GIAI_QUYET <= TIEP_NHAN + KY_TRUOC"), and how units'
values make the province's (a sum, or the ratio of two sums). Pure functions over the set's
rows and plain dicts, tested directly; the services, the API and the board call these.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem
from tracker.core.text import fold

COMPARE = {
    "=": operator.eq,
    "<=": operator.le,
    ">=": operator.ge,
    "<": operator.lt,
    ">": operator.gt,
    "≤": operator.le,
    "≥": operator.ge,
}
_TOKEN = re.compile(
    r"\s*(?:(?P<op><=|>=|=|<|>|≤|≥)|(?P<sign>[+-])|(?P<term>[A-Za-z_][\w.]*|[0-9]+(?:\.[0-9]+)?))"
)
_ASCII = {"≤": "<=", "≥": ">="}
# A ratio's values are percentages; two decimals are what reports print.
PERCENT_PLACES = 2
# "104.671": a dot between groups of three digits separates thousands in Vietnamese.
_GROUPED = re.compile(r"-?[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_DECIMAL_COMMA = re.compile(r"-?(?:[0-9]+|[1-9][0-9]{0,2}(?:\.[0-9]{3})+),[0-9]+")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
YES_NO_WORDS = {"co": 1, "yes": 1, "khong": 0, "no": 0}


class ExpressionError(ValueError):
    """A check that is not "terms joined by + and -, compared by =, <=, >=, < or >"."""


@dataclass(frozen=True)
class Side:
    """A sum of indicators and numbers: ((sign, code or number), …)."""

    terms: tuple[tuple[int, str | float], ...]

    def codes(self) -> set[str]:
        return {term for _sign, term in self.terms if isinstance(term, str)}

    def value(self, values: Mapping[str, float]) -> float | None:
        """None when a figure it needs is missing: a check of missing figures is not failed."""
        total = 0.0
        for sign, term in self.terms:
            if isinstance(term, str):
                if values.get(term) is None:
                    return None
                total += sign * float(values[term])
            else:
                total += sign * term
        return total


def parse_expression(text: str) -> tuple[list[Side], list[str]]:
    """ "A + B = C <= D" → ([A+B, C, D], ["=", "<="]); ExpressionError when it is not one."""
    sides: list[Side] = []
    operators: list[str] = []
    terms: list[tuple[int, str | float]] = []
    sign, expect_term, position = 1, True, 0
    text = (text or "").strip()
    while position < len(text):
        found = _TOKEN.match(text, position)
        if not found or found.end() == position:
            raise ExpressionError(f"cannot read {text[position:]!r}")
        position = found.end()
        if found["term"]:
            if not expect_term:
                raise ExpressionError(f"two terms without + or - in {text!r}")
            raw = found["term"]
            terms.append((sign, float(raw) if raw[0].isdigit() else raw.upper()))
            sign, expect_term = 1, False
        elif found["sign"]:
            # "A - B", "A + -B", "A - -B": signs in a row multiply.
            step = -1 if found["sign"] == "-" else 1
            sign = sign * step if expect_term else step
            expect_term = True
        else:
            if expect_term or not terms:
                raise ExpressionError(f"a comparison without a term before it in {text!r}")
            sides.append(Side(tuple(terms)))
            operators.append(_ASCII.get(found["op"], found["op"]))
            terms, expect_term = [], True
    if expect_term or not operators:
        raise ExpressionError(f"{text!r} compares nothing")
    sides.append(Side(tuple(terms)))
    return sides, operators


def check_holds(expression: str, values: Mapping[str, float]) -> bool:
    """True when every comparison of the chain holds, or a figure it needs is missing."""
    sides, operators = parse_expression(expression)
    numbers = [side.value(values) for side in sides]
    if any(number is None for number in numbers):
        return True
    return all(
        COMPARE[op](round(left, 6), round(right, 6))
        for left, op, right in zip(numbers, operators, numbers[1:], strict=False)
    )


def check_failed(check) -> Problem:
    return Problem("check_failed", _l("The figures do not agree: %(check)s."), check=check.name)


def value_problem(indicator, raw) -> tuple[float | None, Problem | None]:
    """A unit's value of one indicator: (number, None), or (None, what is wrong with it).
    Counts are whole numbers ≥ 0, percentages 0–100, yes/no 1 or 0; empty is allowed (a
    draft), submitting asks for every typed indicator."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    if indicator.kind == "yes_no" and isinstance(raw, str) and fold(raw) in YES_NO_WORDS:
        raw = YES_NO_WORDS[fold(raw)]
    try:
        number = read_number(raw)
    except ValueError:
        return None, Problem("not_a_number", _l("Enter a number."))
    if indicator.kind == "count":
        if number < 0 or number != int(number):
            return None, Problem("not_a_count", _l("Enter a whole number, 0 or more."))
        if number > 10**12:
            return None, Problem("too_large", _l("Enter a smaller number."))
        return float(int(number)), None
    if indicator.kind == "percent":
        if not 0 <= number <= 100:
            return None, Problem("not_a_percentage", _l("Enter a percentage from 0 to 100."))
        return round(number, PERCENT_PLACES), None
    if number not in (0, 1):
        return None, Problem("not_yes_no", _l("Choose yes or no."))
    return number, None


def read_number(raw) -> float:
    """A number as typed in Vietnamese or as a program sends it: "104.671" (thousands),
    "0,56" and "1.234,5" (decimal comma), "98.5", 12; ValueError for anything else (no "1e3",
    "nan", "inf" or "1_000", which float() would take)."""
    if isinstance(raw, bool):
        return float(raw)
    if isinstance(raw, int | float):
        try:
            return _finite(float(raw))
        except OverflowError:  # an integer beyond a float: 10**400
            raise ValueError("not a finite number") from None
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if _DECIMAL_COMMA.fullmatch(text) or _GROUPED.fullmatch(text):
        text = text.replace(".", "").replace(",", ".")
    elif not _NUMBER.fullmatch(text):  # "1,234.5" is not read as 1.2345
        raise ValueError(f"{raw!r} is not a number")
    return _finite(float(text))


def _finite(number: float) -> float:
    # float() reads a run of 400 digits as infinity, which no figure is.
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("not a finite number")
    return number


def unit_values(indicators: Iterable, typed: Mapping[str, float]) -> dict[str, float | None]:
    """A unit's values with its computed ratios filled in from its own numerator and
    denominator (None when the denominator is 0 or missing)."""
    values = dict(typed)
    for indicator in indicators:
        if indicator.computed:
            values[indicator.code] = ratio(
                typed.get(indicator.numerator_code), typed.get(indicator.denominator_code)
            )
    return values


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(100 * numerator / denominator, PERCENT_PLACES)


def province_totals(indicators: Iterable, reports: Iterable[Mapping[str, float]]) -> dict:
    """The province's value of each indicator from the units' values: the sum of a "sum"
    indicator, and sum(numerator) / sum(denominator) × 100 for a "ratio" one."""
    indicators = list(indicators)
    sums: dict[str, float] = {}
    seen: dict[str, bool] = {}
    for values in reports:
        for code, value in values.items():
            if value is not None:
                sums[code] = sums.get(code, 0) + float(value)
                seen[code] = True
    totals: dict[str, float | None] = {}
    for indicator in indicators:
        if indicator.combine == "ratio":
            totals[indicator.code] = ratio(
                sums.get(indicator.numerator_code), sums.get(indicator.denominator_code)
            )
        else:
            totals[indicator.code] = sums.get(indicator.code) if seen.get(indicator.code) else None
    return totals


def meets_target(indicator, value: float | None) -> bool | None:
    """Whether a value meets the indicator's target; None without a target or a value."""
    if indicator.target_operator is None or indicator.target_value is None or value is None:
        return None
    return COMPARE[indicator.target_operator](value, float(indicator.target_value))
