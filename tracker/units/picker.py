"""What the unit pickers offer: the groups first (one assignment per member unit), then the
units by kind, each named as lists name it (names.unit_label) and findable by the other ways
people write it (short name, aliases, code). The options are those of a native <select>:
static/js/unit-picker.js turns it into a searchable box, and without JavaScript it still works.
"""

from __future__ import annotations

import json

from flask_babel import gettext as _

from tracker.core.timeutil import local_today
from tracker.units.models import UNIT_KIND_LABELS, Unit, UnitGroup
from tracker.units.names import unit_label
from tracker.units.services import all_groups, units_by_kind


def _search_text(*words: str) -> dict:
    """An option's extra search words, read by Tom Select from data-data."""
    return {"data-data": json.dumps({"also": " ".join(w for w in words if w)}, ensure_ascii=False)}


def unit_option_label(unit: Unit) -> str:
    """Departments and districts by their full name; communes by their own (with the district
    when the name repeats): their kind's heading already says "UBND cấp xã"."""
    return unit_label(unit) if unit.kind == "commune" else unit.name


def group_option(group: UnitGroup) -> tuple[str, str, dict]:
    label = _("▸ %(group)s (%(n)d units)", group=group.name, n=len(group.members))
    return group.name, label, _search_text(group.code, *group.aliases)


def unit_option(unit: Unit) -> tuple[str, str, dict]:
    words = (unit.short_name, unit.name, unit.code, *(unit.aliases or []))
    return unit.code, unit_option_label(unit), _search_text(*words)


def owner_choices(with_groups: bool = True) -> dict[str, list[tuple[str, str, dict]]]:
    """WTForms choices grouped under headings (rendered as <optgroup>): groups, then units,
    those of today (a task or a person goes to a unit that exists)."""
    choices: dict[str, list] = {}
    if with_groups:
        # A group none of whose members exists today (the districts' since 2025) gives nobody.
        choices[_("Unit groups")] = [group_option(g) for g in all_groups() if g.members]
    for kind, units in units_by_kind(local_today()).items():
        choices[str(UNIT_KIND_LABELS[kind])] = [unit_option(u) for u in units]
    return choices
