"""The units and groups pages' forms. They carry what was typed; the services (units.admin,
units.groups, units.closed_people) check it, so that the pages and the API refuse alike.
Choices take any posted value: one outside the vocabulary is the service's problem, next to
its field."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField

from tracker.core.forms import DayFirstDateField, TrackerForm
from tracker.units.models import DIVISION_TYPE_LABELS, UNIT_KIND_LABELS
from tracker.units.picker import unit_option
from tracker.units.queries import by_kind


def kind_choices() -> list[tuple[str, str]]:
    return [(kind, str(label)) for kind, label in UNIT_KIND_LABELS.items()]


def division_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(kind, str(label)) for kind, label in DIVISION_TYPE_LABELS.items()]


class UnitFieldsForm(TrackerForm):
    name = StringField(_l("Full name"))
    short_name = StringField(_l("Short name"))
    kind = SelectField(_l("Kind"), validate_choice=False)
    division_type = SelectField(_l("Division type (communes)"), validate_choice=False)
    district = StringField(_l("District (communes, until 2025)"), default="")  # from the picker
    aliases = TextAreaField(_l("Also written as (one per line)"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = kind_choices()
        self.division_type.choices = division_choices()


class NewUnitForm(UnitFieldsForm):
    code = StringField(_l("Code"))
    valid_from = DayFirstDateField(_l("Exists from (optional)"))


class EditUnitForm(UnitFieldsForm):
    """A new name (or short name) is a rename: it needs the day it takes effect and the
    decision."""

    effective_date = DayFirstDateField(_l("A new name takes effect on"))
    decision = StringField(_l("Decision ordering the rename"))


class DissolveForm(TrackerForm):
    effective_date = DayFirstDateField(_l("Dissolved from (effective date)"))
    successor = StringField(_l("Successor unit (optional)"), default="")  # from the picker
    decision = StringField(_l("Decision"))


class GroupForm(TrackerForm):
    """A group's name and other spellings; a renamed group keeps its old name among them."""

    name = StringField(_l("Name"))
    aliases = TextAreaField(_l("Also written as (one per line)"))


class NewGroupForm(GroupForm):
    code = StringField(_l("Code"))


class MembershipForm(TrackerForm):
    unit = StringField(_l("Unit"), default="")  # from the picker
    valid_from = DayFirstDateField(_l("Member from"))


class EndMembershipForm(TrackerForm):
    effective_date = DayFirstDateField(_l("No longer a member from"))


class MovePersonForm(TrackerForm):
    unit = StringField(_l("New unit"), default="")  # from the picker
    reason = TextAreaField(_l("Reason"))


def unit_choices(units) -> dict[str, list[tuple[str, str, dict]]]:
    """Options for a unit picker (static/js/unit-picker.js), under their kinds' headings."""
    return {
        str(UNIT_KIND_LABELS[kind]): [unit_option(u) for u in found]
        for kind, found in by_kind(units).items()
    }
