"""Who may manage whose account: the one rule, for the pages, the API and the bulk import.

An administrator manages everyone. The provincial office manages every account but an
administrator's (it can neither create, change, disable an administrator nor make anyone one).
A unit's lead manages the staff accounts (role unit_member) of their own unit only. Nobody else
manages accounts. Each check is made for the account as it is AND as it is asked to become, so
that nobody can move an account out of their reach or into it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.core.exceptions import Forbidden
from tracker.core.permissions import can
from tracker.core.problems import Problem


def may_manage(actor, role: str, unit_id: int | None) -> bool:
    """Whether `actor` may create, change, disable or invite an account of this role and unit."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.active:
        return False
    if actor.role == "admin":
        return True
    if actor.role == "office":
        return role != "admin"
    if actor.role == "unit_lead":
        return role == "unit_member" and actor.unit_id is not None and unit_id == actor.unit_id
    return False


def refusal(actor) -> Problem:
    """Why the account is out of the actor's reach, as their own role puts it."""
    if getattr(actor, "role", None) == "office":
        return Problem(
            "admin_accounts_only_admin",
            _l("Only an administrator may manage an administrator's account."),
        )
    if getattr(actor, "role", None) == "unit_lead":
        return Problem(
            "own_unit_staff_only",
            _l("A unit's lead manages only the staff accounts of their own unit."),
        )
    return Problem("may_not_manage_people", _l("You may not manage people's accounts."))


def check_may_manage(actor, role: str, unit_id: int | None) -> None:
    if not may_manage(actor, role, unit_id):
        raise Forbidden(refusal(actor))


def may_manage_anyone(actor) -> None:
    """Refuse at once whoever manages no account at all (a viewer, a unit's staff member)."""
    if not can(actor, "manage_people"):
        raise Forbidden(refusal(actor))
