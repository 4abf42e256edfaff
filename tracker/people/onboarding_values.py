"""What an onboarding file's Vai trò and Đơn vị cells name: a role by its Vietnamese label (as
the pages show it), its English label or its code; a unit by its code, name, short name or an
alias, compared as the plan importer compares them, and when none matches, the closest named."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from tracker.accounts.models import USER_ROLE_LABELS
from tracker.core.permissions import USER_ROLES
from tracker.core.problems import Problem, too_long
from tracker.core.text import fold
from tracker.imports.owners import OwnerIndex
from tracker.units.models import Unit, UnitGroup

# A unit's name is at most 200 characters (units.name); a longer cell names none.
UNIT_TEXT_MAX = 200
# How a refusal quotes what a cell holds: enough to find it.
QUOTED_MAX = 80

# How offices write the roles besides the labels the pages show.
ROLE_WORDS = {
    "admin": ("quan tri", "quan tri he thong", "quan tri vien"),
    "office": ("van phong", "van phong ubnd tinh", "van phong uy ban nhan dan tinh"),
    "unit_lead": ("lanh dao", "lanh dao don vi", "truong don vi"),
    "unit_member": (
        "can bo",
        "chuyen vien",
        "can bo chuyen vien",
        "can bo chuyen vien don vi",
        "can bo don vi",
        "chuyen vien don vi",
        "nhan vien",
    ),
    "viewer": ("xem", "xem bao cao", "nguoi xem", "chi xem"),
    "appraiser": ("tham dinh", "to tham dinh", "thanh vien to tham dinh", "can bo tham dinh"),
}


def role_names() -> dict[str, str]:
    """Folded text → role code: the codes, both languages' labels and ROLE_WORDS."""
    names: dict[str, str] = {}
    for role in USER_ROLES:
        names[fold(role)] = role
        for locale in ("vi", "en"):
            with force_locale(locale):
                names.setdefault(fold(str(USER_ROLE_LABELS[role])), role)
        for word in ROLE_WORDS[role]:
            names.setdefault(word, role)
    return names


def role_labels() -> list[str]:
    """The labels a file may use, in the reader's language, for a refusal."""
    return [str(USER_ROLE_LABELS[role]) for role in USER_ROLES]


def unknown_role(text: str) -> Problem:
    return Problem(
        "unknown_role",
        _l("“%(role)s” is not a role; write one of: %(roles)s."),
        role=text[:QUOTED_MAX],
        roles=role_labels(),
    )


def unknown_unit(text: str, closest: str | None) -> Problem:
    if closest is None:
        return Problem("unknown_unit", _l("There is no unit “%(unit)s”."), unit=text)
    return Problem(
        "unknown_unit",
        _l("There is no unit “%(unit)s”; did you mean “%(closest)s”?"),
        unit=text,
        closest=closest,
    )


def a_group(text: str, name: str) -> Problem:
    return Problem(
        "group_not_unit",
        _l("“%(unit)s” is the group “%(group)s”: a person belongs to one unit."),
        unit=text,
        group=name,
    )


def ambiguous(text: str, units: list) -> Problem:
    return Problem(
        "ambiguous_unit",
        _l("“%(name)s” could be any of %(candidates)s: write the code instead."),
        name=text,
        candidates=[f"{u.name} [{u.code}]" for u in units],
    )


class UnitNames:
    """Every way of writing every unit, loaded once per file (the plan importer's index). Each
    text is looked up once; the closest names are sought for the first MAX_SUGGESTED unknown
    texts only (each costs milliseconds against every name, and a file whose Đơn vị column
    holds something else would otherwise take minutes)."""

    MAX_SUGGESTED = 30

    def __init__(self) -> None:
        self.index = OwnerIndex()
        self.unit_names = {
            owner.name
            for owners in self.index.entries.values()
            for owner in owners.values()
            if isinstance(owner, Unit)
        }
        self.found: dict[str, Unit | Problem] = {}
        self.suggested = 0

    def find(self, text: str) -> Unit | Problem:
        if len(text) > UNIT_TEXT_MAX:
            return too_long(UNIT_TEXT_MAX)
        if text not in self.found:
            self.found[text] = self._find(text)
        return self.found[text]

    def _find(self, text: str) -> Unit | Problem:
        found = self.index.find(text)
        if isinstance(found, list):
            units = [owner for owner in found if isinstance(owner, Unit)]
            if len(units) == 1:
                return units[0]
            if units:
                return ambiguous(text, units)
            found = found[0]
        if isinstance(found, UnitGroup):
            return a_group(text, found.name)
        if found is None:
            return unknown_unit(text, self._closest(text))
        return found

    def _closest(self, text: str) -> str | None:
        if self.suggested >= self.MAX_SUGGESTED:
            return None
        self.suggested += 1
        closest = [name for name in self.index.closest(text, n=10) if name in self.unit_names]
        return closest[0] if closest else None
