from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, Date, ForeignKey, Integer, String, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.core.db import one_of
from tracker.extensions import db

UNIT_KINDS = ("office", "department", "district", "commune")
UNIT_KIND_LABELS = {
    "office": _l("Provincial office"),
    "department": _l("Departments and boards"),
    "district": _l("District-level people's committees"),
    "commune": _l("Commune-level people's committees"),
}

unit_group_members = Table(
    "unit_group_members",
    db.metadata,
    Column("group_id", ForeignKey("unit_groups.id", ondelete="CASCADE"), primary_key=True),
    Column("unit_id", ForeignKey("units.id", ondelete="CASCADE"), primary_key=True),
)


class Unit(db.Model):
    __tablename__ = "units"
    __table_args__ = (one_of("kind", UNIT_KINDS, "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The official administrative code where one exists (461 for Đông Hà), else a short one.
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    # The ways people write the unit ("Sở TT&TT", "STTTT"), used to resolve imported owners.
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    # Where a merged or dissolved unit's work went; its old assignments stay with it.
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


class UnitGroup(db.Model):
    __tablename__ = "unit_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    # Other spellings of the group's name in plans ("UBND cấp huyện").
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    members: Mapped[list[Unit]] = relationship(secondary=unit_group_members, order_by="Unit.code")

    def __repr__(self) -> str:
        return f"<UnitGroup {self.code}>"
