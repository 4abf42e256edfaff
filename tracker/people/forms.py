"""The people pages' forms. They carry what was typed; the services check it (accounts.fields),
so that the pages, the API and the bulk import refuse alike. Role and unit take any posted
value: one outside the actor's reach is the service's 403, not a "not a valid choice"."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, TextAreaField

from tracker.accounts.models import USER_ROLE_LABELS
from tracker.core.forms import TrackerForm
from tracker.core.permissions import USER_ROLES
from tracker.people.rules import may_manage
from tracker.units.picker import unit_option

LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]

# A service's field → the form's field of the same meaning.
FIELD_NAMES = {"name": "full_name"}


class PersonForm(TrackerForm):
    full_name = StringField(_l("Full name"))
    email = StringField(_l("Email"), render_kw={"type": "email", "autocomplete": "off"})
    role = SelectField(_l("Role"), validate_choice=False)
    unit = StringField(_l("Unit"), default="")  # a unit's code, from the picker
    position = StringField(_l("Position"))
    phone = StringField(_l("Phone"), render_kw={"type": "tel"})
    locale = SelectField(_l("Language"), choices=LANGUAGES, default="vi", validate_choice=False)
    reason = TextAreaField(_l("Reason (optional, kept in the audit log)"))


class NewPersonForm(PersonForm):
    send_invite = BooleanField(_l("Send an invitation by email now"), default=True)


class StatusForm(TrackerForm):
    """Disable (a reason is required) or enable an account."""

    reason = TextAreaField(_l("Reason"))


def role_choices(actor) -> list[tuple[str, str]]:
    """The roles the actor may give: any unit would do for the office; a lead gives only
    the staff role of their own unit."""
    return [
        (role, str(USER_ROLE_LABELS[role]))
        for role in USER_ROLES
        if may_manage(actor, role, actor.unit_id)
    ]


def unit_options(actor, all_units: dict) -> dict[str, list[tuple[str, str, dict]]]:
    """The units the actor may put people in, under their kinds' headings: for a lead, their
    own; for the office, all (owner_choices without the groups)."""
    if actor.role == "unit_lead":
        return {str(_l("Unit")): [unit_option(actor.unit)] if actor.unit is not None else []}
    return all_units
