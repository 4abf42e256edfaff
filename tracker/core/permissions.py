"""Who may do what: one table, one check, enforced for every request in one hook.

Every endpoint declares the permission it needs with @requires(...) (or @public); the
before_request hook refuses what the table does not allow. An endpoint that declares
nothing is refused, so a forgotten decorator fails closed.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, abort, current_app, has_request_context, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from tracker.core.exceptions import Forbidden
from tracker.core.problems import Problem
from tracker.core.timeutil import local_today
from tracker.units.lifecycle import units_closed_into

# The people's roles (a user's role; an assignment's lead/cooperating role is another idea).
USER_ROLES = ("admin", "office", "unit_lead", "unit_member", "viewer", "appraiser")
UNIT_ROLES = ("unit_lead", "unit_member")  # people who belong to one unit and act for it
ALL_ROLES = frozenset(USER_ROLES)
OFFICE = frozenset({"admin", "office"})

PERMISSIONS: dict[str, frozenset[str]] = {
    "view": ALL_ROLES,
    "view_audit": OFFICE,
    "manage_plans": OFFICE,
    # Units and groups: create, rename, dissolve, reorganise (the office keeps the province's
    # organisation as decided).
    "manage_units": OFFICE,
    "manage_users": frozenset({"admin"}),
    # Whose accounts exactly is people.rules.may_manage's rule; a lead manages their staff.
    "manage_people": OFFICE | frozenset({"unit_lead"}),
    "update_assignment": OFFICE | frozenset(UNIT_ROLES),
    # The reform index: the office runs the year (criteria, deadlines, survey, finalise,
    # publish); a unit assesses itself; the tổ thẩm định (appraisers) and the office appraise.
    "manage_index": OFFICE,
    "self_assess": frozenset(UNIT_ROLES),
    "appraise_index": OFFICE | frozenset({"appraiser"}),
}

PUBLIC = "public"


def can(user, permission: str, unit_id: int | None = None) -> bool:
    """The permission check. With unit_id, unit roles may act only for a unit they act for
    (acts_for_unit: their own, and those closed into it)."""
    if permission == PUBLIC:
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.role not in PERMISSIONS[permission]:
        return False
    if unit_id is not None and user.role in UNIT_ROLES:
        return acts_for_unit(user, unit_id)
    return True


def acts_for_unit(user, unit_id: int) -> bool:
    """The one own-unit rule: a unit's people act for their unit, and for the units closed
    into it (by their successors, transitively), whose open work left with them (the successor
    held the same task already) is theirs to carry on, as they are reminded of it."""
    if user.role not in UNIT_ROLES or user.unit_id is None:
        return False
    return user.unit_id == unit_id or unit_id in _units_closed_into(user.unit_id)


def _units_closed_into(unit_id: int) -> set[int]:
    """Read once per request (kept on the request: a task page asks for each assignment)."""
    holder = request._get_current_object() if has_request_context() else None
    cache = getattr(holder, "units_closed_into", None)
    if cache is None:
        cache = {}
        if holder is not None:
            holder.units_closed_into = cache
    if unit_id not in cache:
        cache[unit_id] = units_closed_into(unit_id, local_today())
    return cache[unit_id]


def acts_for_a_unit(user) -> bool:
    return user.role in UNIT_ROLES and user.unit_id is not None


def is_lead_of(user, unit_id: int) -> bool:
    """Whether the user is the lead of this unit (the one whose agreement a unit may require),
    or of the unit it was closed into."""
    return user.role == "unit_lead" and acts_for_unit(user, unit_id)


def requires(permission: str) -> Callable:
    if permission != PUBLIC and permission not in PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r}")

    def mark(view: Callable) -> Callable:
        view.required_permission = permission
        return view

    return mark


public = requires(PUBLIC)


def required_permission(endpoint: str | None) -> str | None:
    if endpoint is None:
        return PUBLIC  # a 404 is answered by Flask itself
    if endpoint == "static":
        return PUBLIC
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "required_permission", None)


def enforce_permissions():
    permission = required_permission(request.endpoint)
    if permission == PUBLIC:
        return None
    if not current_user.is_authenticated:
        if request.path.startswith("/api/"):
            abort(401)
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if permission is None or not can(current_user, permission):
        abort(403)
    return None


def init_app(app: Flask) -> None:
    app.before_request(enforce_permissions)


def require_office(actor) -> None:
    if not can(actor, "manage_plans"):
        raise Forbidden(Problem("office_only", _l("Only the provincial office can do this.")))
