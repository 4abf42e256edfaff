"""The types of the fields a JSON body may hold, each with its own refusals and JSON Schema.

Whatever a field holds, reading it never fails: a value of the wrong type, text refused by
core.text.text_problem (a NUL, a control character), a number beyond the integer columns or an
impossible date is a problem of that field, named here (a 422), never an error further down.
null is the same as leaving a field out (see bodies.Body). Length limits and the allowed values
of a choice are the services' rules: the schemas describe them, the services refuse them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Annotated, Any

from flask_babel import lazy_gettext as _l
from pydantic import PlainValidator, WithJsonSchema

from tracker.api.refusals import pydantic_problem, refuse
from tracker.core.db import MAX_INTEGER, MIN_INTEGER
from tracker.core.problems import Problem, out_of_range
from tracker.core.problems import required as required_problem
from tracker.core.text import text_problem
from tracker.core.timeutil import MAX_DATE, MIN_DATE, parse_iso_date

STRING = {"type": "string"}
DATE = {"type": "string", "format": "date"}
BOOLEAN = {"type": "boolean"}
# Every integer the API takes is stored in or compared with an integer column.
ROW_ID = {"type": "integer", "minimum": 1, "maximum": MAX_INTEGER}
VERSION = {"type": "integer", "minimum": MIN_INTEGER, "maximum": MAX_INTEGER}


def _text(value: Any, required: bool) -> str:
    if value is None:
        if required:
            raise refuse(required_problem())
        return ""
    if not isinstance(value, str):
        raise refuse(pydantic_problem("string_type"))
    if refused := text_problem(value):
        raise refuse(refused)
    if required and not value.strip():
        raise refuse(required_problem())
    return value


def _optional_text(value: Any) -> str | None:
    return _text(value, required=False) or None


def _day(value: Any, required: bool = False) -> date | None:
    if value is None:
        if required:
            raise refuse(required_problem())
        return None
    if not isinstance(value, str):
        raise refuse(pydantic_problem("date_type"))
    try:
        return parse_iso_date(value)
    except ValueError:
        raise refuse(
            Problem(
                "not_a_date",
                _l(
                    "“%(value)s” is not a date: write it as YYYY-MM-DD "
                    "(years %(first)s to %(last)s)."
                ),
                value=value,
                # Years as text: a number would be written 2.999 in Vietnamese.
                first=str(MIN_DATE.year),
                last=str(MAX_DATE.year),
            )
        ) from None


def _flag(value: Any, required: bool) -> bool:
    if value is None and required:
        raise refuse(required_problem())
    if not isinstance(value, bool):  # nor 0 and 1
        raise refuse(pydantic_problem("bool_type"))
    return value


def whole_number(minimum: int, maximum: int, shown: tuple[int, int] | None = None) -> Callable:
    """A JSON integer from minimum to maximum (true and 1.0 are not); `shown`, the range that
    every refusal names where the field's service takes less than the type does."""

    def read(value: Any) -> int | None:
        if value is None:
            raise refuse(required_problem())  # only a required field's null reaches here
        if isinstance(value, bool) or not isinstance(value, int):
            raise refuse(out_of_range(*shown) if shown else pydantic_problem("int_type"))
        if not minimum <= value <= maximum:
            raise refuse(out_of_range(*(shown or (minimum, maximum))))
        return value

    return read


def _text_list(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise refuse(Problem("list_of_strings", _l("Give a list of texts.")))
    if refused := next(filter(None, map(text_problem, value)), None):
        raise refuse(
            Problem("invalid_item", _l("An item of the list: %(problem)s"), problem=refused)
        )
    return value


def an_object(value: Any) -> Any:
    """Before a nested body is read."""
    if not isinstance(value, dict):
        raise refuse(pydantic_problem("dict_type"))
    return value


def _reads(read: Callable[[Any], Any], schema: dict) -> tuple[PlainValidator, WithJsonSchema]:
    return PlainValidator(read), WithJsonSchema(schema)


Text = Annotated[str, *_reads(partial(_text, required=False), STRING)]
RequiredText = Annotated[str, *_reads(partial(_text, required=True), STRING)]
# Empty text is no value: the services take None for "not given".
OptionalText = Annotated[str | None, *_reads(_optional_text, STRING)]
TextList = Annotated[list[str], *_reads(_text_list, {"type": "array", "items": STRING})]
Day = Annotated[date | None, *_reads(_day, DATE)]
RequiredDay = Annotated[date, *_reads(partial(_day, required=True), DATE)]
Flag = Annotated[bool, *_reads(partial(_flag, required=False), BOOLEAN)]
RequiredFlag = Annotated[bool, *_reads(partial(_flag, required=True), BOOLEAN)]
# Where a key's null must be refused, not taken as "not given" (see bodies.Body.keeps_null).
DayIfGiven = Annotated[date | None, *_reads(partial(_day, required=True), DATE)]
RowId = Annotated[int | None, *_reads(whole_number(1, MAX_INTEGER), ROW_ID)]
Version = Annotated[int | None, *_reads(whole_number(MIN_INTEGER, MAX_INTEGER), VERSION)]
# Any refused progress is named by its range; a number within the integer columns but past
# 100 is the workflow's to refuse.
Progress = Annotated[
    int | None,
    *_reads(
        whole_number(MIN_INTEGER, MAX_INTEGER, shown=(0, 100)),
        {"type": "integer", "minimum": 0, "maximum": 100},
    ),
]
# A recurring task's due day (plans.schedules): any integer is read, the service names 1–31.
DueDay = Annotated[
    int | None,
    *_reads(
        whole_number(MIN_INTEGER, MAX_INTEGER, shown=(1, 31)),
        {"type": "integer", "minimum": 1, "maximum": 31},
    ),
]
