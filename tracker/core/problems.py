"""What is wrong with a request, named once: a service says which problem (a stable code, for
programs), its parameters, and the sentence for people as a lazy translation; the edge (the
page, the API, the CLI, a mail) puts it into words in the reader's language when it is shown.

    errors["due_date"] = Problem(
        "due_date_not_later", _l("Choose a day after %(current)s."), current=assignment.due_date
    )

Dates read dd/mm/yyyy and numbers follow the language's format (1.980 in Vietnamese).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime

from flask_babel import format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from tracker.core.timeutil import format_date


class Problem:
    """One thing wrong: `code` for programs, `text` (str()) for people, in the current
    language."""

    __slots__ = ("code", "message", "params")

    def __init__(self, code: str, message, /, **params) -> None:
        self.code = code
        self.message = message  # a lazy_gettext string: translated when shown
        self.params = params

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Problem({self.code!r}, {self.params!r})"

    def __eq__(self, other) -> bool:
        if isinstance(other, Problem):
            return (self.code, self.params) == (other.code, other.params)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.code)

    @property
    def text(self) -> str:
        template = str(self.message)
        if not self.params:
            return template
        return template % {name: spoken(value) for name, value in self.params.items()}

    def as_json(self) -> dict:
        return {"code": self.code, "params": {k: json_value(v) for k, v in self.params.items()}}


def spoken(value) -> str:
    """A parameter as a person reads it, in the current language."""
    if isinstance(value, Problem):
        return value.text
    if isinstance(value, date | datetime):
        return format_date(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if get_locale() is None:
            return str(value)
        return format_decimal(value)
    if isinstance(value, str | LazyString):  # a lazy label is one word, not its letters
        return str(value)
    if isinstance(value, Iterable):
        items = list(value)
        # Sentences follow one another; names and values are listed.
        separator = " " if items and all(isinstance(i, Problem) for i in items) else ", "
        return separator.join(spoken(item) for item in items)
    return str(value)


def json_value(value):
    if isinstance(value, Problem):
        return value.as_json()
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [json_value(item) for item in value]
    return str(value)


def text_of(value) -> str:
    """A problem, or a plain message (lazy or not), as text in the current language."""
    return str(value)


def code_of(value) -> str:
    return value.code if isinstance(value, Problem) else "invalid"


# The problems every domain meets; the rest are named where they arise.
def required() -> Problem:
    return Problem("required", _l("This field is required."))


def too_long(limit: int) -> Problem:
    return Problem("too_long", _l("At most %(max)s characters."), max=limit)


def out_of_range(low: int, high: int) -> Problem:
    return Problem(
        "out_of_range", _l("Give a whole number from %(min)s to %(max)s."), min=low, max=high
    )


def one_of(choices) -> Problem:
    return Problem("one_of", _l("Choose one of: %(choices)s."), choices=list(choices))


def not_a_date(value: str) -> Problem:
    return Problem(
        "not_a_date", _l("“%(value)s” is not a date: type it as dd/mm/yyyy."), value=value
    )


def changed_meanwhile() -> Problem:
    return Problem(
        "changed_meanwhile",
        _l("Someone else changed this in the meantime. Reload and try again."),
    )
