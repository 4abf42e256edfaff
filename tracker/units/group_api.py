"""The unit groups API: /api/v1/unit-groups (every group with its dated memberships; create
one), /unit-groups/{code} (rename it or replace its other spellings), /unit-groups/{code}/members
(add a unit from a day) and /unit-groups/{code}/members/{unit} (end its membership from a day).
Reading is for every role; writing for the office (manage_units), through the same services as
the group pages (units.groups)."""

from __future__ import annotations

from datetime import date

from flask_login import current_user
from pydantic import Field

from tracker.api.answers import Answer, answered
from tracker.api.blueprint import bp as api_bp
from tracker.api.bodies import Body, described, read_body
from tracker.api.fields import RequiredDay, RequiredText, Text, TextList
from tracker.api.operations import WRITE_REFUSALS, operation
from tracker.core.exceptions import NotFound
from tracker.core.permissions import requires
from tracker.units import groups, queries
from tracker.units.group_checks import GROUP_CODE_MAX, GROUP_NAME_MAX, unknown_group
from tracker.units.models import UnitGroup as UnitGroupRow
from tracker.units.models import UnitGroupMembership

GROUP_OPERATIONS = ("updateUnitGroup", "addUnitGroupMember")


class Membership(Answer):
    unit_code: str
    valid_from: date | None = Field(description="its first day; null: since ever")
    valid_to: date | None = Field(description="its last day; null: still a member")

    @classmethod
    def of(cls, membership: UnitGroupMembership) -> Membership:
        return cls(
            unit_code=membership.unit.code,
            valid_from=membership.valid_from,
            valid_to=membership.valid_to,
        )


class UnitGroup(Answer):
    code: str
    name: str
    aliases: list[str] = Field(description="other ways plans write it, its earlier names too")
    unit_codes: list[str] = Field(description="the members whose membership has not ended")
    memberships: list[Membership] = Field(description="every membership, the ended ones too")

    @classmethod
    def of(cls, group: UnitGroupRow) -> UnitGroup:
        ordered = sorted(group.memberships, key=lambda m: (m.unit.code, m.valid_from or date.min))
        open_ones = sorted({m.unit.code for m in group.memberships if m.valid_to is None})
        return cls(
            code=group.code,
            name=group.name,
            aliases=list(group.aliases or []),
            unit_codes=open_ones,
            memberships=[Membership.of(m) for m in ordered],
        )


class UnitGroupList(Answer):
    items: list[UnitGroup]


class NewGroup(Body):
    code: RequiredText = described(maxLength=GROUP_CODE_MAX, description="letters, digits, . _ -")
    name: RequiredText = described(maxLength=GROUP_NAME_MAX)
    aliases: TextList = described([], description="other ways plans write the group")


class GroupChange(Body):
    """The fields to change; a field left out (or null) stays. A new name keeps the old one
    among the other spellings."""

    name: Text = described(None, maxLength=GROUP_NAME_MAX)
    aliases: TextList = described(None, description="the whole list, replacing it")


class NewMembership(Body):
    unit: RequiredText = described(description="the unit's code (existing that day)")
    valid_from: RequiredDay = described(description="its first day in the group, not after today")


class MembershipEnd(Body):
    effective_date: RequiredDay = described(
        description="its first day out of the group (the membership's last day is the day before)"
    )


def _group(code: str) -> UnitGroupRow:
    group = groups.get_group(code)
    if group is None:
        raise NotFound(unknown_group(code))
    return group


@api_bp.get("/unit-groups")
@requires("view")
@operation("listUnitGroups", "Unit groups", answers={200: UnitGroupList}, refusals=(401,))
def unit_groups():
    found = [UnitGroup.of(g) for g in queries.groups_with_memberships()]
    return answered(UnitGroupList(items=found))


@api_bp.post("/unit-groups")
@requires("manage_units")
@operation(
    "createUnitGroup",
    "Create a group of units (without members: add them, each from a day)",
    body=NewGroup,
    answers={201: UnitGroup},
    refusals=WRITE_REFUSALS,
    links={name: {"code": "$response.body#/code"} for name in GROUP_OPERATIONS},
)
def create_unit_group():
    new = read_body(NewGroup)
    group = groups.create_group(current_user, **new.model_dump())
    return answered(UnitGroup.of(_group(group.code)), 201)


@api_bp.patch("/unit-groups/<string:code>")
@requires("manage_units")
@operation(
    "updateUnitGroup",
    "Rename a group (its old name stays among its other spellings) or replace its other spellings",
    body=GroupChange,
    answers={200: UnitGroup},
    refusals=WRITE_REFUSALS,
)
def update_unit_group(code: str):
    change = read_body(GroupChange)
    group = _group(code)
    groups.update_group(current_user, group, name=change.name, aliases=change.aliases)
    return answered(UnitGroup.of(group))


@api_bp.post("/unit-groups/<string:code>/members")
@requires("manage_units")
@operation(
    "addUnitGroupMember",
    "Add a unit to a group from a day",
    body=NewMembership,
    answers={201: Membership},
    refusals=WRITE_REFUSALS,
)
def add_unit_group_member(code: str):
    new = read_body(NewMembership)
    membership = groups.add_membership(current_user, _group(code), new.unit, new.valid_from)
    return answered(Membership.of(membership), 201)


@api_bp.patch("/unit-groups/<string:code>/members/<string:unit>")
@requires("manage_units")
@operation(
    "endUnitGroupMembership",
    "End a unit's membership of a group from a day (the membership is kept, ended)",
    body=MembershipEnd,
    answers={200: Membership},
    refusals=WRITE_REFUSALS,
)
def end_unit_group_membership(code: str, unit: str):
    end = read_body(MembershipEnd)
    group = _group(code)
    membership = groups.membership_to_end(group, unit)
    groups.end_membership(current_user, membership, end.effective_date)
    return answered(Membership.of(membership))
