"""How a unit is named to people: its own name, and for a commune whose name another commune
also bears (Phường 1 of Đông Hà and Phường 1 of Quảng Trị) its district beside it, so that a
list or a picker never shows two lines that read the same."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from flask import has_request_context, request
from sqlalchemy import select
from sqlalchemy.orm import aliased

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


def _districts_of_repeated_communes() -> dict[int, str]:
    """Commune id → its district's short name, for the communes whose name another commune
    bears; read once per request (kept on the request, not on g: a test's app context outlives
    many requests and their units)."""
    holder = request._get_current_object() if has_request_context() else None
    found = getattr(holder, "districts_of_repeated_communes", None)
    if found is None:
        district = aliased(Unit)
        # Communes without a district (those of 2025 on) count too: one of them may bear the
        # name of a commune of before, which then shows its district.
        rows = db.session.execute(
            select(Unit.id, Unit.short_name, district.short_name)
            .outerjoin(district, Unit.parent_id == district.id)
            .where(Unit.kind == "commune")
        ).all()
        repeated = names_that_repeat(short for _id, short, _district in rows)
        found = {i: d for i, short, d in rows if d is not None and name_key(short) in repeated}
        if holder is not None:
            holder.districts_of_repeated_communes = found
    return found


def unit_label(unit, full: bool = False) -> str:
    """A unit's name as lists and pickers show it: the short name (or the full one), with the
    district for a commune whose name repeats ("Phường 1 (TP Đông Hà)"). `unit` is a Unit or
    anything with its id, kind, name and short_name (the status rows keep plain values)."""
    name = unit.name if full else unit.short_name
    if unit.kind != "commune":
        return name
    district = _districts_of_repeated_communes().get(unit.id)
    return display_name(name, district, district is not None)
