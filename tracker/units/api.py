"""The units API: /api/v1/units (the units of a day, or all; create one), /units/{code} (change
one: rename with its day and decision, kind, division type, district, other spellings; or
dissolve it) and /units/{code}/lineage (where it came from and went to); the groups' routes are
in group_api. Reading is for every role; writing for the office (manage_units),
through the same services as the pages (units.admin)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from flask import request
from flask_login import current_user
from pydantic import BeforeValidator, Field

from tracker.api.answers import Answer, UnitKind, answered
from tracker.api.blueprint import bp as api_bp
from tracker.api.bodies import Body, described, read_body
from tracker.api.fields import (
    Day,
    OptionalText,
    RequiredDay,
    RequiredText,
    Text,
    TextList,
    an_object,
)
from tracker.api.operations import WRITE_REFUSALS, QueryParameters, operation
from tracker.core.exceptions import NotFound, ValidationFailed, require
from tracker.core.permissions import requires
from tracker.core.problems import Problem, not_a_date, one_of
from tracker.core.timeutil import DateOutOfRange, local_today, parse_date
from tracker.plans.filters import outside_dates
from tracker.units import admin, queries
from tracker.units.admin_checks import dissolve_alone
from tracker.units.districts import district_on
from tracker.units.fields import DECISION_MAX
from tracker.units.lifecycle import lineage
from tracker.units.models import DIVISION_TYPES, UNIT_KINDS
from tracker.units.models import Unit as UnitRow
from tracker.units.services import get_unit, unknown_unit

DivisionType = Literal[DIVISION_TYPES]
Day_ = date  # a field below is called "date"
UNIT_OPERATIONS = ("updateUnit", "getUnitLineage")


class Unit(Answer):
    code: str
    name: str = Field(description="as the unit was called on the day asked for")
    short_name: str
    kind: UnitKind
    parent_code: str | None = Field(
        description="a commune's district on the day asked for (none after it closed, 2025)"
    )
    aliases: list[str]
    valid_from: date | None = Field(description="its first day; null: since ever")
    valid_to: date | None = Field(description="its last day; null: it still exists")
    division_type: DivisionType | None = Field(description="a commune's: xa, phuong, …")
    successor_code: str | None = Field(description="where a closed unit's open work went")

    @classmethod
    def of(cls, unit: UnitRow, names: tuple[str, str] | None = None, day: date | None = None):
        name, short_name = names or (unit.name, unit.short_name)
        district = district_on(unit, day)
        return cls(
            code=unit.code,
            name=name,
            short_name=short_name,
            kind=unit.kind,
            parent_code=district.code if district is not None else None,
            aliases=list(unit.aliases or []),
            valid_from=unit.valid_from,
            valid_to=unit.valid_to,
            division_type=unit.division_type,
            successor_code=unit.successor.code if unit.successor else None,
        )


class UnitList(Answer):
    items: list[Unit]


class LineageEdge(Answer):
    code: str
    name: str
    date: Day_ = Field(description="the effective date")
    decision: str
    kind: Literal["merge", "absorb", "split", "dissolve"]
    partial: bool = Field(description="the data knows only part of what passed")


class Lineage(Answer):
    predecessors: list[LineageEdge]
    successors: list[LineageEdge]


class UnitQuery(QueryParameters):
    on: date = Field(description="the units existing that day, named as then (default today)")
    include_closed: bool = Field(description="true: every unit, the closed ones too")


class NewUnit(Body):
    code: RequiredText = described(maxLength=20, description="letters, digits, . _ -")
    name: RequiredText = described(maxLength=admin.NAME_MAX)
    short_name: Text = described("", maxLength=admin.SHORT_NAME_MAX, description="default name")
    kind: RequiredText = described(enum=list(UNIT_KINDS))
    division_type: OptionalText = described(
        None, enum=list(DIVISION_TYPES), description="required for a commune"
    )
    district: OptionalText = described(None, description="a commune's district (its code)")
    valid_from: Day = described(None, description="its first day, not after today")
    aliases: TextList = []


class Dissolution(Body):
    effective_date: RequiredDay = described(description="its first day without the unit")
    successor: OptionalText = described(
        None, description="the code of the unit its open work moves to (existing that day)"
    )
    decision: RequiredText = described(maxLength=DECISION_MAX)


class UnitChange(Body):
    """The fields to change; a field left out (or null) stays. A new name or short name is a
    rename: give effective_date and decision. `dissolve` goes alone."""

    keeps_null = ("division_type", "district")

    name: Text = described(None, maxLength=admin.NAME_MAX)
    short_name: Text = described(None, maxLength=admin.SHORT_NAME_MAX)
    effective_date: Day = described(None, description="the day a new name takes effect")
    decision: Text = described("", maxLength=DECISION_MAX)
    kind: Text = described(None, enum=list(UNIT_KINDS))
    division_type: OptionalText = described(
        None, enum=list(DIVISION_TYPES), description="null: none"
    )
    district: OptionalText = described(None, description="a commune's district; null: none")
    aliases: TextList = described(None, description="the whole list, replacing it")
    dissolve: Annotated[Dissolution, BeforeValidator(an_object)] = None

    @classmethod
    def problems_together(cls, body: dict, problems: dict[str, Problem]) -> None:
        given = {k for k, v in body.items() if v is not None or k in cls.keeps_null}
        others = given & set(cls.model_fields) - {"dissolve"}
        if body.get("dissolve") is not None and others and "dissolve" not in problems:
            problems["dissolve"] = dissolve_alone()


def _unit(code: str) -> UnitRow:
    unit = get_unit(code)
    if unit is None:
        raise NotFound(unknown_unit(code))
    return unit


def _query_day(errors: dict) -> date | None:
    raw = (request.args.get("on") or "").strip()
    if not raw:
        return None
    try:
        return parse_date(raw)
    except DateOutOfRange:
        errors["on"] = outside_dates()
    except ValueError:
        errors["on"] = not_a_date(raw)
    return None


@api_bp.get("/units")
@requires("view")
@operation(
    "listUnits",
    "The units existing on a day (today unless `on`), or every unit with include_closed",
    answers={200: UnitList},
    refusals=(401, 422),
    query=UnitQuery,
)
def list_units():
    errors: dict[str, Problem] = {}
    day = _query_day(errors)
    flag = (request.args.get("include_closed") or "").strip().lower()
    if flag not in ("", "true", "false", "1", "0"):
        errors["include_closed"] = one_of(("true", "false"))
    require(errors)
    day = day or local_today()
    units = queries.units_on(day, include_closed=flag in ("true", "1"))
    names = queries.names_of_day(units, day)
    return answered(UnitList(items=[Unit.of(u, names[u.id], day) for u in units]))


@api_bp.post("/units")
@requires("manage_units")
@operation(
    "createUnit",
    "Create a unit",
    body=NewUnit,
    answers={201: Unit},
    refusals=WRITE_REFUSALS,
    links={name: {"code": "$response.body#/code"} for name in UNIT_OPERATIONS},
)
def create_unit():
    new = read_body(NewUnit)
    unit = admin.create_unit(current_user, **new.model_dump())
    return answered(Unit.of(unit), 201)


def _dissolve(unit: UnitRow, dissolution: Dissolution) -> None:
    try:
        admin.dissolve_unit(
            current_user,
            unit,
            effective_date=dissolution.effective_date,
            successor=dissolution.successor,
            decision=dissolution.decision,
        )
    except ValidationFailed as refused:  # its fields are the body's dissolve.…
        require({f"dissolve.{name}": problem for name, problem in refused.fields.items()})


@api_bp.patch("/units/<string:code>")
@requires("manage_units")
@operation(
    "updateUnit",
    "Rename a unit (from a day, by a decision), change its kind, division type, district or "
    "other spellings, or dissolve it (its open work to a successor)",
    body=UnitChange,
    answers={200: Unit},
    refusals=WRITE_REFUSALS,
)
def update_unit(code: str):
    change = read_body(UnitChange)
    unit = _unit(code)
    if change.dissolve is not None:
        _dissolve(unit, change.dissolve)
    else:
        given = change.model_fields_set - {"effective_date", "decision", "dissolve"}
        admin.update_unit(
            current_user,
            unit,
            effective_date=change.effective_date,
            decision=change.decision,
            **{name: getattr(change, name) for name in given},
        )
    return answered(Unit.of(unit))


@api_bp.get("/units/<string:code>/lineage")
@requires("view")
@operation(
    "getUnitLineage",
    "The units a unit came from and went to, each with the day and the decision",
    answers={200: Lineage},
    refusals=(401, 404, 422),
)
def unit_lineage(code: str):
    return answered(Lineage.model_validate(lineage(_unit(code))))
