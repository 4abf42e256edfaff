"""Owner cells → units: by name, short name, alias or code of a unit or a unit group.

People write units many ways ("Sở TT&TT", "Sở TTTT", "VP UBND tỉnh"); all of them compare
without case, diacritics, spaces and punctuation. One cell may name several owners, split on
commas, semicolons and line breaks; since names hold commas themselves ("Các sở, ban, ngành",
"Sở Văn hóa, Thể thao và Du lịch"), the longest run of comma-separated pieces that names an
owner wins; so does "và" ("Sở Tư pháp và Sở Nội vụ", but "Sở Kế hoạch và Đầu tư"). A group
becomes its member units here for the preview and the comparison; new tasks are created with
the group's code, which expand_owners() expands the same way.

Owners are read as of one day, the day the plan's tasks are assigned: a group gives its members
of that day, a unit that did not exist that day is a problem of its cell, and a name a unit bore
before a rename still finds it. Where one name was borne by several units, the one existing that
day is meant.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from tracker.core.problems import Problem
from tracker.core.text import compact, fold, name_key
from tracker.core.timeutil import local_today
from tracker.extensions import db
from tracker.plans.problems import unknown_unit
from tracker.units.models import Unit, UnitGroup, UnitName
from tracker.units.services import expand_owners


def owner_key(text: str) -> str:
    """name_key, loosened for what plans write: no diacritics, spaces or punctuation, and
    "Ủy ban nhân dân" and "UBND" the same words."""
    return compact(fold(name_key(text)).replace("uy ban nhan dan", "ubnd"))


@dataclass
class Owners:
    units: list[Unit] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # unit and group codes, for create_task
    # What each name written stands for, for the preview: "Sở TT&TT → Sở Thông tin và …".
    labels: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


class OwnerIndex:
    """Every way of writing every unit and group, loaded once per import; owners as of `on`
    (today when not given)."""

    def __init__(self, on: date | None = None) -> None:
        self.day = on or local_today()
        self.entries: dict[str, dict[str, Unit | UnitGroup]] = {}
        self._members: dict[str, list[Unit]] = {}
        units = list(db.session.scalars(select(Unit)))
        groups = list(db.session.scalars(select(UnitGroup)))
        earlier_names: dict[int, list[str]] = {}
        for unit_id, name, short_name in db.session.execute(
            select(UnitName.unit_id, UnitName.name, UnitName.short_name)
        ):
            earlier_names.setdefault(unit_id, []).extend((name, short_name))
        for unit in units:
            texts = (unit.code, unit.name, unit.short_name, *(unit.aliases or []))
            for text in (*texts, *earlier_names.get(unit.id, [])):
                self._add(text, f"unit:{unit.code}", unit)
        for group in groups:
            for text in (group.code, group.name, *(group.aliases or [])):
                self._add(text, f"group:{group.code}", group)
        self.names = {owner_key(u.name): u.name for u in units}
        self.names.update({owner_key(g.name): g.name for g in groups})

    def _add(self, text: str, ident: str, owner) -> None:
        key = owner_key(text or "")
        if key:
            self.entries.setdefault(key, {})[ident] = owner

    def find(self, text: str):
        """The unit or group written as `text`, None if none, a list if several. A name that
        several units bore (one after the other) means the one existing on the index's day."""
        found = self.entries.get(owner_key(text))
        if not found:
            return None
        owners = list(found.values())
        if len(owners) > 1:
            existing = [o for o in owners if not isinstance(o, Unit) or o.is_valid_on(self.day)]
            owners = existing if len(existing) == 1 else owners
        return owners[0] if len(owners) == 1 else owners

    def members(self, group: UnitGroup) -> list[Unit]:
        """The group's member units on the index's day, as expand_owners() gives them."""
        if group.code not in self._members:
            self._members[group.code] = expand_owners([group.code], on=self.day)
        return self._members[group.code]

    def closest(self, text: str, n: int = 3) -> list[str]:
        """The names of the owners most like `text`: similar spelling, more so when they
        contain what was written or begin with the same word ("Sở", "UBND", "Ban")."""
        wanted = owner_key(text)
        first = fold(text).replace("uy ban nhan dan", "ubnd").split(" ")[0]
        scored = []
        for key, owners in self.entries.items():
            score = difflib.SequenceMatcher(None, wanted, key).ratio()
            score += 0.3 if wanted in key else 0
            for owner in owners.values():
                same_word = fold(owner.name).replace("uy ban nhan dan", "ubnd").split(" ")[0]
                bonus = 0.15 if same_word == first else 0
                if score + bonus >= 0.6:
                    scored.append((score + bonus, owner.name))
        names: list[str] = []
        for _score, name in sorted(scored, key=lambda pair: -pair[0]):
            if name not in names:
                names.append(name)
        return names[:n]

    def resolve(self, cell: str) -> Owners:
        result = Owners()
        for segment in re.split(r"[;\n\r]+", unicodedata.normalize("NFC", cell or "")):
            # Pieces and the separators between them, kept to join pieces back as written.
            parts = re.split(r"(,|\s+(?:và|va|&)\s+)", segment, flags=re.I)
            pieces = [p.strip(" -+•.") for p in parts[::2]]
            separators = parts[1::2]
            i = 0
            while i < len(pieces):
                if pieces[i]:
                    i = self._resolve_from(pieces, separators, i, result)
                else:
                    i += 1
        seen: set[int] = set()
        units = []
        for unit in result.units:
            if unit.id not in seen:
                seen.add(unit.id)
                units.append(unit)
        result.units = units
        return result

    def _resolve_from(self, pieces: list[str], separators: list[str], i: int, result) -> int:
        """Take the longest run of pieces from i that names an owner ("Các sở, ban, ngành",
        "Sở Văn hóa, Thể thao và Du lịch"); returns where the next run starts."""
        for j in range(len(pieces), i, -1):
            text = pieces[i] + "".join(
                sep + piece
                for sep, piece in zip(separators[i : j - 1], pieces[i + 1 : j], strict=True)
            )
            owner = self.find(text)
            if owner is not None:
                self._take(text, owner, result)
                return j
        text = pieces[i]
        # "Sở Y tế (Trung tâm Kiểm soát bệnh tật)": the unit, without the remark.
        bare = re.sub(r"\s*\(.*?\)", "", text).strip()
        if bare != text and (owner := self.find(bare)) is not None:
            self._take(bare, owner, result)
            return i + 1
        result.problems.append(unknown_owner(text, self.closest(text)))
        return i + 1

    def _take(self, text: str, owner, result: Owners) -> None:
        if isinstance(owner, list):
            result.problems.append(
                Problem(
                    "ambiguous_unit",
                    _l("“%(name)s” could be any of %(candidates)s: write the code instead."),
                    name=text,
                    candidates=[f"{o.name} [{o.code}]" for o in owner],
                )
            )
        elif isinstance(owner, UnitGroup):
            members = self.members(owner)
            result.units.extend(members)
            result.codes.append(owner.code)
            result.labels.append(_label(text, owner.name, f" ({len(members)})"))
        elif not owner.is_valid_on(self.day):
            result.problems.append(not_existing_on(owner, self.day))
        else:
            result.units.append(owner)
            result.codes.append(owner.code)
            result.labels.append(_label(text, owner.name))


def not_existing_on(unit: Unit, day: date) -> Problem:
    """Why a task assigned on `day` cannot go to `unit`: closed by then (and where its work
    went), or not made yet."""
    if unit.valid_from is not None and day < unit.valid_from:
        return Problem(
            "unit_not_yet_created",
            _l("%(name)s exists only from %(since)s; the tasks are assigned on %(day)s."),
            name=unit.name,
            since=unit.valid_from,
            day=day,
        )
    closed_on = unit.valid_to + timedelta(days=1)  # its first day without the unit
    if unit.successor is not None:
        return Problem(
            "unit_closed",
            _l(
                "%(name)s was closed on %(closed)s (its work went to %(successor)s); the tasks "
                "are assigned on %(day)s."
            ),
            name=unit.name,
            closed=closed_on,
            successor=unit.successor.name,
            day=day,
        )
    return Problem(
        "unit_closed",
        _l("%(name)s was closed on %(closed)s; the tasks are assigned on %(day)s."),
        name=unit.name,
        closed=closed_on,
        day=day,
    )


def unknown_owner(text: str, closest: list[str]) -> Problem:
    if not closest:
        return unknown_unit(text)
    return Problem(
        "unknown_unit",
        _l("There is no unit or group named “%(name)s”; the closest known: %(closest)s."),
        name=text,
        closest=closest,
    )


def _label(written: str, name: str, suffix: str = "") -> str:
    return f"{name}{suffix}" if fold(written) == fold(name) else f"{written} → {name}{suffix}"
