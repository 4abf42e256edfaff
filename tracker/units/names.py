"""How a unit is named to people: its own name, and for a commune whose name another commune
also bears (Phường 1 of Đông Hà and Phường 1 of Quảng Trị) its district beside it, so that a
list or a picker never shows two lines that read the same."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from flask import has_request_context, request
from sqlalchemy import select

from tracker.core.text import name_key
from tracker.extensions import db
from tracker.units.models import Unit


def display_name(name: str, district: str | None, repeated: bool) -> str:
    """The name shown for a unit: `name`, followed by its district when the name repeats."""
    return f"{name} ({district})" if repeated and district else name


def names_that_repeat(short_names: Iterable[str]) -> set[str]:
    """The keys (name_key) of the names that occur more than once."""
    counts = Counter(name_key(name) for name in short_names)
    return {key for key, count in counts.items() if count > 1}


def _repeated_commune_names() -> set[str]:
    """The commune names borne by more than one commune, read once per request (kept on the
    request, not on g: a test's app context outlives many requests and their units)."""
    holder = request._get_current_object() if has_request_context() else None
    found = getattr(holder, "repeated_unit_names", None)
    if found is None:
        rows = db.session.scalars(select(Unit.short_name).where(Unit.kind == "commune"))
        found = names_that_repeat(rows)
        if holder is not None:
            holder.repeated_unit_names = found
    return found


def unit_label(unit: Unit, full: bool = False) -> str:
    """A unit's name as lists and pickers show it: the short name (or the full one), with the
    district for a commune whose name repeats ("Phường 1 (TP Đông Hà)")."""
    name = unit.name if full else unit.short_name
    if unit.kind != "commune" or unit.parent is None:
        return name
    repeated = name_key(unit.short_name) in _repeated_commune_names()
    return display_name(name, unit.parent.short_name, repeated)
