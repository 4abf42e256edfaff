"""Pydantic's refusals as Problems: pydantic's error type is the code and its context the
parameters (the same in every language), and the sentence is ours, translated when shown.

The API's own field types (fields.py) raise Problems directly, through `refuse`; a refusal of
pydantic's own (a constraint or a type of a model that uses them) is worded from SENTENCES.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from pydantic import ValidationError
from pydantic_core import ErrorDetails, PydanticCustomError

from tracker.core.problems import Problem

_WHOLE_NUMBER = _l("Give a whole number.")
_NUMBER = _l("Give a number.")
_TRUE_OR_FALSE = _l("Give true or false.")
_DATE = _l("Give a date as YYYY-MM-DD.")
_DATE_TIME = _l("Give a date and time as YYYY-MM-DDTHH:MM:SS.")
_OBJECT = _l("Give a JSON object here.")
_CHOICE = _l("Choose one of: %(expected)s.")

SENTENCES = {
    "missing": _l("This field is required."),
    "extra_forbidden": _l("This field is not expected here; leave it out."),
    "string_type": _l("Give text here."),
    "string_too_short": _l("At least %(min_length)s characters."),
    "string_too_long": _l("At most %(max_length)s characters."),
    "string_pattern_mismatch": _l("This text is not in the expected form."),
    "int_type": _WHOLE_NUMBER,
    "int_parsing": _WHOLE_NUMBER,
    "int_from_float": _WHOLE_NUMBER,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "bool_type": _TRUE_OR_FALSE,
    "bool_parsing": _TRUE_OR_FALSE,
    "greater_than": _l("Give a number greater than %(gt)s."),
    "greater_than_equal": _l("Give a number of at least %(ge)s."),
    "less_than": _l("Give a number less than %(lt)s."),
    "less_than_equal": _l("Give a number of at most %(le)s."),
    "literal_error": _CHOICE,
    "enum": _CHOICE,
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": _DATE_TIME,
    "datetime_parsing": _DATE_TIME,
    "datetime_from_date_parsing": _DATE_TIME,
    "list_type": _l("Give a list."),
    "too_short": _l("Give at least %(min_length)s items."),
    "too_long": _l("Give at most %(max_length)s items."),
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
}
ANY_OTHER = _l("This value is not valid.")
# How pydantic lists the choices of a Literal or an Enum: "'a', 'b' or 'c'".
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def pydantic_problem(kind: str, **context) -> Problem:
    """The Problem of one of pydantic's error types."""
    if kind in ("literal_error", "enum") and isinstance(context.get("expected"), str):
        # As a list of the choices: pydantic's text joins them with an English "or".
        context["expected"] = _QUOTED.findall(context["expected"]) or [context["expected"]]
    return Problem(kind, SENTENCES.get(kind, ANY_OTHER), **context)


def refuse(problem: Problem) -> PydanticCustomError:
    """A field type's refusal, kept whole for read_body. The Problem goes in as a value, so
    that braces in what the caller sent are not read as a template."""
    return PydanticCustomError(problem.code, "{problem}", {"problem": problem})


def problem_of(error: ErrorDetails) -> Problem:
    context = dict(error.get("ctx") or {})
    if isinstance(context.get("problem"), Problem):
        return context["problem"]
    if error.get("input", ...) is None:
        # null is not given (bodies.Body): a required field's type refuses it as missing.
        return pydantic_problem("missing")
    context.pop("error", None)  # pydantic's own English account of a parse error
    return pydantic_problem(error["type"], **context)


def field_problems(error: ValidationError) -> dict[str, Problem]:
    """Each refused field (nested ones as "evidence.url"; the body as a whole as "body") with
    its Problem, in the order the model declares the fields."""
    problems: dict[str, Problem] = {}
    for detail in error.errors():
        name = ".".join(map(str, detail["loc"])) or "body"
        problems.setdefault(name, problem_of(detail))
    return problems
