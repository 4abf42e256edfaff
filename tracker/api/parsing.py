"""Reading typed fields from a JSON body; every problem is collected under its field name.

Whatever a field holds, reading it never fails: a value of the wrong type, text refused by
core.text.text_problem (a NUL, a control character), a number beyond the integer columns or an
impossible date is a problem of that field (a 422), never an error further down."""

from __future__ import annotations

from datetime import date

from tracker.core.db import MAX_INTEGER, MIN_INTEGER
from tracker.core.exceptions import require
from tracker.core.text import text_problem
from tracker.core.timeutil import MAX_DATE, MIN_DATE, parse_iso_date

MISSING = object()


class Fields:
    def __init__(self, body: dict) -> None:
        self.body = body
        self.errors: dict[str, str] = {}

    def string(self, name: str, required: bool = False, default: str = "") -> str:
        value = self.body.get(name, MISSING)
        if value is MISSING or value is None:
            if required:
                self.errors[name] = "required"
            return default
        if not isinstance(value, str):
            self.errors[name] = "a string"
            return default
        problem = text_problem(value)
        if problem:
            self.errors[name] = problem
            return default
        if required and not value.strip():
            self.errors[name] = "required"
        return value

    def optional_string(self, name: str) -> str | None:
        value = self.string(name)
        return value or None

    def day(self, name: str, required: bool = False) -> date | None:
        value = self.body.get(name)
        if value is None:
            if required:
                self.errors[name] = "required"
            return None
        if not isinstance(value, str):
            self.errors[name] = "a date as YYYY-MM-DD"
            return None
        try:
            return parse_iso_date(value)
        except ValueError:
            self.errors[name] = (
                f"{value!r} is not a date (YYYY-MM-DD, {MIN_DATE.year} to {MAX_DATE.year})"
            )
            return None

    def boolean(self, name: str, required: bool = False, default: bool = False) -> bool:
        value = self.body.get(name, MISSING)
        if value is MISSING or value is None:
            if required:
                self.errors[name] = "required (true or false)"
            return default
        if not isinstance(value, bool):
            self.errors[name] = "true or false"
            return default
        return value

    def integer(
        self,
        name: str,
        required: bool = False,
        minimum: int = MIN_INTEGER,
        maximum: int = MAX_INTEGER,
    ) -> int | None:
        value = self.body.get(name)
        if value is None:
            if required:
                self.errors[name] = "required"
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.errors[name] = "a whole number"
            return None
        if not minimum <= value <= maximum:
            self.errors[name] = f"a whole number from {minimum} to {maximum}"
            return None
        return value

    def string_list(self, name: str) -> list[str]:
        value = self.body.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.errors[name] = "a list of strings"
            return []
        problem = next(filter(None, map(text_problem, value)), None)
        if problem:
            self.errors[name] = f"an item {problem}"
            return []
        return value

    def obj(self, name: str) -> dict | None:
        value = self.body.get(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.errors[name] = "an object"
            return None
        return value

    def check(self) -> None:
        require(self.errors)
