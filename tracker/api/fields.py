"""The types of the fields a JSON body may hold, each with its own refusals and JSON Schema.

Whatever a field holds, reading it never fails: a value of the wrong type, text refused by
core.text.text_problem (a NUL, a control character), a number beyond the integer columns or an
impossible date is a problem of that field, worded here (a 422), never an error further down.
null is the same as leaving a field out (see bodies.Body). Length limits and the allowed values
of a choice are the services' rules: the schemas describe them, the services refuse them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Annotated, Any

from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

from tracker.core.db import MAX_INTEGER, MIN_INTEGER
from tracker.core.text import text_problem
from tracker.core.timeutil import MAX_DATE, MIN_DATE, parse_iso_date

STRING = {"type": "string"}
DATE = {"type": "string", "format": "date"}
BOOLEAN = {"type": "boolean"}
# Every integer the API takes is stored in or compared with an integer column.
ROW_ID = {"type": "integer", "minimum": 1, "maximum": MAX_INTEGER}
VERSION = {"type": "integer", "minimum": MIN_INTEGER, "maximum": MAX_INTEGER}


def problem(message: str) -> PydanticCustomError:
    """A field's refusal, worded as the API answers it. The message goes in as a value, so
    that braces in what the caller sent are not read as a template."""
    return PydanticCustomError("field", "{problem}", {"problem": message})


def _text(value: Any, required: bool) -> str:
    if value is None:
        if required:
            raise problem("required")
        return ""
    if not isinstance(value, str):
        raise problem("a string")
    if refused := text_problem(value):
        raise problem(refused)
    if required and not value.strip():
        raise problem("required")
    return value


def _optional_text(value: Any) -> str | None:
    return _text(value, required=False) or None


def _day(value: Any, required: bool = False) -> date | None:
    if value is None:
        if required:
            raise problem("required")
        return None
    if not isinstance(value, str):
        raise problem("a date as YYYY-MM-DD")
    try:
        return parse_iso_date(value)
    except ValueError:
        raise problem(
            f"{value!r} is not a date (YYYY-MM-DD, {MIN_DATE.year} to {MAX_DATE.year})"
        ) from None


def _flag(value: Any, required: bool) -> bool:
    if value is None and required:
        raise problem("required (true or false)")
    if not isinstance(value, bool):  # nor 0 and 1
        raise problem("true or false")
    return value


def whole_number(minimum: int, maximum: int, refusal: str | None = None) -> Callable:
    """A JSON integer from minimum to maximum (true and 1.0 are not); `refusal` words every
    problem alike where the field has one message of its own."""

    def read(value: Any) -> int | None:
        if value is None:
            raise problem("required")  # only a required field's null reaches here
        if isinstance(value, bool) or not isinstance(value, int):
            raise problem(refusal or "a whole number")
        if not minimum <= value <= maximum:
            raise problem(refusal or f"a whole number from {minimum} to {maximum}")
        return value

    return read


def _text_list(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise problem("a list of strings")
    if refused := next(filter(None, map(text_problem, value)), None):
        raise problem(f"an item {refused}")
    return value


def an_object(value: Any) -> Any:
    """Before a nested body is read."""
    if not isinstance(value, dict):
        raise problem("an object")
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
        whole_number(MIN_INTEGER, MAX_INTEGER, refusal="a whole number from 0 to 100"),
        {"type": "integer", "minimum": 0, "maximum": 100},
    ),
]
