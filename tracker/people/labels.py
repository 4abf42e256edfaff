"""How an account's page words its journal: each action, each changed field and its values."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.accounts.models import USER_ROLE_LABELS
from tracker.people.forms import LANGUAGES

HISTORY_LABELS = {
    "user.create": _l("Account created"),
    "user.update": _l("Details changed"),
    "user.deactivate": _l("Account disabled"),
    "user.activate": _l("Account enabled"),
    "user.invite": _l("Invitation sent"),
    "user.second_factor_reset": _l("Second factor reset"),
    "login": _l("Signed in"),
    "logout": _l("Signed out"),
    "login_failed": _l("Sign-in refused"),
    "forbidden": _l("Refused a page"),
}
CHANGE_LABELS = {
    "email": _l("Email"),
    "full_name": _l("Full name"),
    "role": _l("Role"),
    "unit": _l("Unit"),
    "position": _l("Position"),
    "phone": _l("Phone"),
    "locale": _l("Language"),
    "active": _l("Active"),
}


def change_value(field: str, value) -> str:
    """A value before or after a change, as people read it."""
    if value is None or value == "":
        return "—"
    if field == "role":
        return str(USER_ROLE_LABELS.get(value, value))
    if field == "locale":
        return dict(LANGUAGES).get(value, value)
    if field == "active":
        return _("yes") if value else _("no")
    return str(value)
