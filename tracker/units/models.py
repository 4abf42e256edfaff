from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    and_,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.db import created_at_column, one_of
from tracker.extensions import db

UNIT_KINDS = ("office", "department", "district", "commune")
UNIT_KIND_LABELS = {
    "office": _l("Provincial office"),
    "department": _l("Departments and boards"),
    "district": _l("District-level people's committees"),
    "commune": _l("Commune-level people's committees"),
}

# A commune's official type of division (xã, phường, thị trấn until 2025, đặc khu from 2025).
DIVISION_TYPES = ("xa", "phuong", "thi_tran", "dac_khu")
DIVISION_TYPE_LABELS = {
    "xa": _l("Commune (xã)"),
    "phuong": _l("Ward (phường)"),
    "thi_tran": _l("Township (thị trấn)"),
    "dac_khu": _l("Special zone (đặc khu)"),
}
# How one unit's work passed to another (a row of the lineage), the reorganisation table's
# "Hình thức": hợp nhất, sáp nhập, chia tách, giải thể (with a successor).
LINK_KINDS = ("merge", "absorb", "split", "dissolve")


class Unit(db.Model):
    __tablename__ = "units"
    __table_args__ = (
        one_of("kind", UNIT_KINDS, "kind"),
        one_of("division_type", DIVISION_TYPES, "division_type"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The official administrative code where one exists (461 for Đông Hà), else a short one.
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    division_type: Mapped[str | None] = mapped_column(String(12))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    # The ways people write the unit ("Sở TT&TT", "STTTT"), used to resolve imported owners.
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The first and the last day the unit exists (None: since ever, still).
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # Where a merged or dissolved unit's open work went (the main one when it was split: the
    # full lineage is in unit_links); its done and cancelled assignments stay with it.
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    # Whether a member's report of done waits for the unit lead before the office sees it.
    member_reports_need_lead: Mapped[bool] = mapped_column(default=False, server_default=false())

    parent: Mapped[Unit | None] = relationship(
        remote_side=[id], foreign_keys=[parent_id], back_populates="children"
    )
    children: Mapped[list[Unit]] = relationship(
        foreign_keys=[parent_id], back_populates="parent", order_by="Unit.name"
    )
    successor: Mapped[Unit | None] = relationship(remote_side=[id], foreign_keys=[successor_id])

    def is_valid_on(self, day: date) -> bool:
        starts_ok = self.valid_from is None or self.valid_from <= day
        ends_ok = self.valid_to is None or day <= self.valid_to
        return starts_ok and ends_ok

    def __repr__(self) -> str:
        return f"<Unit {self.code} {self.short_name}>"


class UnitGroupMembership(db.Model):
    """A unit belongs to a group from valid_from to valid_to, both days included (None: since
    ever, still): a group expands to the members of the day a task is assigned."""

    __tablename__ = "unit_group_memberships"
    __table_args__ = (UniqueConstraint("group_id", "unit_id", "valid_from"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("unit_groups.id", ondelete="CASCADE"), index=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)

    group: Mapped[UnitGroup] = relationship(back_populates="memberships")
    unit: Mapped[Unit] = relationship()

    def is_valid_on(self, day: date) -> bool:
        starts_ok = self.valid_from is None or self.valid_from <= day
        ends_ok = self.valid_to is None or day <= self.valid_to
        return starts_ok and ends_ok


class UnitGroup(db.Model):
    __tablename__ = "unit_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Other spellings of the group's name in plans ("UBND cấp huyện").
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    memberships: Mapped[list[UnitGroupMembership]] = relationship(
        back_populates="group", cascade="all, delete-orphan"
    )
    # The members whose membership has not ended (read only: memberships are what change).
    members: Mapped[list[Unit]] = relationship(
        secondary="unit_group_memberships",
        primaryjoin=lambda: UnitGroup.id == UnitGroupMembership.group_id,
        secondaryjoin=lambda: and_(
            Unit.id == UnitGroupMembership.unit_id, UnitGroupMembership.valid_to.is_(None)
        ),
        order_by="Unit.code",
        viewonly=True,
    )

    def add_member(self, unit: Unit, since: date | None = None) -> None:
        self.memberships.append(UnitGroupMembership(unit=unit, valid_from=since))

    def members_on(self, day: date) -> list[Unit]:
        """The members on `day`, by code (memberships must be loaded with their units)."""
        units = {m.unit_id: m.unit for m in self.memberships if m.is_valid_on(day)}
        return sorted(units.values(), key=lambda unit: unit.code)

    def __repr__(self) -> str:
        return f"<UnitGroup {self.code}>"


class UnitName(db.Model):
    """A name a unit bore until it was renamed: the unit's row holds the name of today, these
    the earlier ones, so that a page of a past day names the unit as it was then."""

    __tablename__ = "unit_names"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(80))
    # The last day the unit bore this name.
    valid_to: Mapped[date] = mapped_column(Date)
    decision: Mapped[str] = mapped_column(String(300), default="")


class Reorganisation(db.Model):
    """One reorganisation as applied: its effective date, the decision that ordered it, and
    what it did (the summary the command prints)."""

    __tablename__ = "reorganisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    effective_date: Mapped[date] = mapped_column(Date, index=True)
    decision: Mapped[str] = mapped_column(String(300))
    # The file it came from (name), and a digest of its rows as read.
    source_name: Mapped[str] = mapped_column(String(255), default="")
    fingerprint: Mapped[str] = mapped_column(String(64), index=True, default="")
    applied_at: Mapped[datetime] = created_at_column()
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    summary: Mapped[dict] = mapped_column(JSON, default=dict)


class UnitLink(db.Model):
    """One edge of the lineage: on effective_date the predecessor's work passed (wholly, or in
    part when `partial`) to the successor, as `decision` ordered."""

    __tablename__ = "unit_links"
    __table_args__ = (
        UniqueConstraint("predecessor_id", "successor_id", "effective_date"),
        one_of("kind", LINK_KINDS, "kind"),
        Index("ix_unit_links_successor_id", "successor_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    predecessor_id: Mapped[int] = mapped_column(
        ForeignKey("units.id", ondelete="CASCADE"), index=True
    )
    successor_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="CASCADE"))
    effective_date: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(12))
    decision: Mapped[str] = mapped_column(String(300), default="")
    # The data knows only part of what the successor was made of (e.g. only the commune whose
    # official code the new one kept).
    partial: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    reorganisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("reorganisations.id", ondelete="SET NULL"), index=True
    )

    predecessor: Mapped[Unit] = relationship(foreign_keys=[predecessor_id])
    successor: Mapped[Unit] = relationship(foreign_keys=[successor_id])
    reorganisation: Mapped[Reorganisation | None] = relationship()
