"""The words of an indicator set's workbook, each read in one place: an indicator's kind
("số đếm", "tỷ lệ %", "có/không"), how it combines ("cộng", "tỷ lệ"), the set's periodicity
("Hằng quý"), a target ("≥ 98", "<= 0,5 %", "có") and the form of a code. Compared without
case or diacritics (core.text.fold); each reader answers a value or a Problem."""

from __future__ import annotations

import re

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from tracker.core.numbers import format_number
from tracker.core.problems import Problem
from tracker.core.recurrence import PERIODIC_RECURRENCES
from tracker.core.text import fold
from tracker.indicators.rules import YES_NO_WORDS, read_number

CODE_MAX = 40
# Codes as checks name them (rules.parse_expression): letters A–Z, digits and "_".
_CODE = re.compile(r"[A-Z][A-Z0-9_]*")

KIND_WORDS = {
    "so dem": "count",
    "so": "count",
    "dem": "count",
    "so luong": "count",
    "count": "count",
    "ty le": "percent",
    "ti le": "percent",
    "phan tram": "percent",
    "percent": "percent",
    "co khong": "yes_no",
    "co hoac khong": "yes_no",
    "yes no": "yes_no",
}
KIND_CHOICES = ("số đếm", "tỷ lệ %", "có/không")

COMBINE_WORDS = {
    "cong": "sum",
    "tong": "sum",
    "cong don": "sum",
    "sum": "sum",
    "ty le": "ratio",
    "ti le": "ratio",
    "ratio": "ratio",
}
COMBINE_CHOICES = ("cộng", "tỷ lệ")

PERIODICITY_WORDS = {
    "hang thang": "monthly",
    "thang": "monthly",
    "monthly": "monthly",
    "hang quy": "quarterly",
    "quy": "quarterly",
    "dinh ky hang quy": "quarterly",
    "quarterly": "quarterly",
    "6 thang": "six_monthly",
    "sau thang": "six_monthly",
    "hang 6 thang": "six_monthly",
    "nua nam": "six_monthly",
    "six monthly": "six_monthly",
    "hang nam": "yearly",
    "nam": "yearly",
    "yearly": "yearly",
}
PERIODICITY_CHOICES = ("hằng tháng", "hằng quý", "6 tháng", "hằng năm")

_TARGET = re.compile(r"\s*(?P<op>>=|<=|=|≥|≤|>|<)?\s*(?P<number>.*?)\s*%?\s*")
TARGET_OPERATOR = {">=": ">=", "≥": ">=", "<=": "<=", "≤": "<=", "=": "="}


def code_problem(code: str) -> Problem | None:
    """Why `code` (upper-cased already) is not an indicator's or a set's code, or None."""
    if len(code) > CODE_MAX:
        return Problem(
            "indicator_code_too_long", _l("A code has at most %(max)s characters."), max=CODE_MAX
        )
    if not _CODE.fullmatch(code):
        return Problem(
            "indicator_code_form",
            _l(
                "“%(value)s” is not a code: write letters A–Z without diacritics, digits and "
                "“_”, beginning with a letter (such as DA_GIAI_QUYET)."
            ),
            value=code,
        )
    return None


def kind_of(text: str) -> str | None:
    return KIND_WORDS.get(fold(text))


def combine_of(text: str) -> str | None:
    return COMBINE_WORDS.get(fold(text))


def periodicity_of(text: str) -> str | None:
    if text in PERIODIC_RECURRENCES:
        return text
    folded = fold(text)
    for prefix in ("bao cao ", "dinh ky "):
        if folded.startswith(prefix) and folded[len(prefix) :] in PERIODICITY_WORDS:
            return PERIODICITY_WORDS[folded[len(prefix) :]]
    return PERIODICITY_WORDS.get(folded)


def unknown_word(text: str, choices) -> Problem:
    return Problem(
        "indicator_unknown_word",
        _l("“%(value)s” is not one of %(choices)s."),
        value=text,
        choices=list(choices),
    )


def read_target(text: str, kind: str) -> tuple[str, float] | Problem:
    """ "≥ 98" → (">=", 98.0); "có" → ("=", 1.0) for a yes/no indicator."""
    if kind == "yes_no" and fold(text) in YES_NO_WORDS:
        return "=", float(YES_NO_WORDS[fold(text)])
    found = _TARGET.fullmatch(text)
    operator = TARGET_OPERATOR.get(found["op"] or "") if found else None
    try:
        value = read_number(found["number"]) if found else None
    except ValueError:
        value = None
    if operator is None or value is None:
        return Problem(
            "indicator_target_form",
            _l(
                "“%(value)s” is not a target: write ≥, ≤ or = and a number, such as “≥ 98” "
                "or “≤ 0,5”."
            ),
            value=text,
        )
    if kind == "percent" and not 0 <= value <= 100:
        return Problem("indicator_target_percent", _l("A percentage's target is from 0 to 100."))
    if kind == "yes_no" and value not in (0, 1):
        return Problem("indicator_target_yes_no", _l("A yes/no target is “= 1” (yes) or “= 0”."))
    if kind == "count" and (value < 0 or value >= 10**12 or value != int(value)):
        return Problem(
            "indicator_target_count", _l("A count's target is a whole number, 0 or more.")
        )
    return operator, value


# How the pages and the command put a set's rows into words.
OPERATOR_SIGNS = {">=": "≥", "<=": "≤", "=": "=", "<": "<", ">": ">"}
_CODE_IN_TEXT = re.compile(r"[A-Za-z_][\w.]*")


def combine_label(indicator) -> str:
    """ "cộng", or "tỷ lệ GQ_DUNG_HAN / DA_GIAI_QUYET"."""
    if indicator.combine == "ratio":
        return str(
            _l(
                "ratio %(numerator)s / %(denominator)s",
                numerator=indicator.numerator_code,
                denominator=indicator.denominator_code,
            )
        )
    return str(_l("sum"))


def target_text(indicator) -> str:
    """ "≥ 98 %", "= có", or "" without a target."""
    if indicator.target_operator is None or indicator.target_value is None:
        return ""
    value = float(indicator.target_value)
    sign = OPERATOR_SIGNS[indicator.target_operator]
    if indicator.kind == "yes_no":
        return f"{sign} {_l('yes') if value else _l('no')}"
    number = format_number(int(value)) if value == int(value) else format_decimal(value)
    suffix = " %" if indicator.kind == "percent" else ""
    return f"{sign} {number}{suffix}"


def expression_in_words(expression: str, names: dict[str, str]) -> str:
    """ "GQ_DUNG_HAN + GQ_QUA_HAN = DA_GIAI_QUYET" with each code replaced by its indicator's
    name, and ≤, ≥ for <=, >=."""
    text = expression.replace("<=", "≤").replace(">=", "≥")
    return _CODE_IN_TEXT.sub(lambda m: names.get(m.group().upper(), m.group()), text)
