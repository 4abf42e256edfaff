"""What a unit's figures must be: each value by rules.value_problem, every typed indicator
filled and every check holding before a submission. Problems are keyed `values.<CODE>` and
`checks.<CHECK_CODE>`, the names the form and the API show them under."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem, required
from tracker.indicators import rules

VALUES = "values"
CHECKS = "checks"


def value_key(code: str) -> str:
    return f"{VALUES}.{code}"


def check_key(code: str) -> str:
    return f"{CHECKS}.{code}"


def typed_indicators(indicator_set) -> list:
    """The indicators a unit types; the computed ratios follow from them."""
    return [i for i in indicator_set.indicators if not i.computed]


def read_values(indicator_set, raw: Mapping, errors: dict) -> dict[str, float]:
    """The typed values as numbers (empty ones left out: a draft may be partial). A value of a
    computed indicator is ignored (it is the unit's own numerator over its denominator, so a
    client may send back what it read); a code the set does not hold is refused."""
    indicators = {i.code: i for i in indicator_set.indicators}
    values: dict[str, float] = {}
    for code, value in raw.items():
        indicator = indicators.get(str(code).upper()) if isinstance(code, str) else None
        if indicator is None:
            errors[value_key(str(code))[:200]] = Problem(
                "unknown_indicator",
                _l("The set has no indicator with this code."),
            )
            continue
        if indicator.computed:
            continue
        if value is not None and not isinstance(value, int | float | str):
            errors[value_key(indicator.code)] = Problem("not_a_number", _l("Enter a number."))
            continue
        number, problem = rules.value_problem(indicator, value)
        if problem is not None:
            errors[value_key(indicator.code)] = problem
        elif number is not None:
            values[indicator.code] = number
    return values


def submission_problems(indicator_set, values: Mapping[str, float]) -> dict[str, Problem]:
    """Why these figures cannot be sent yet: a typed indicator left empty, or a check that
    fails (named, so the unit knows which figures disagree)."""
    errors: dict[str, Problem] = {}
    for indicator in typed_indicators(indicator_set):
        if values.get(indicator.code) is None:
            errors[value_key(indicator.code)] = required()
    errors.update(failed_checks(indicator_set, values))
    return errors


def failed_checks(indicator_set, values: Mapping[str, float]) -> dict[str, Problem]:
    complete = rules.unit_values(indicator_set.indicators, values)
    return {
        check_key(check.code): rules.check_failed(check)
        for check in indicator_set.checks
        if not rules.check_holds(check.expression, complete)
    }
