"""The office administers its people: creating an account (with an invitation to choose a
password, never one typed by someone else), changing it, disabling and enabling it, inviting
again, and finding people. The pages, the users API and the bulk import all come here.

None of these commits: the caller does (`commit()` in a view), so that a bulk import of
hundreds of people is one transaction, and its invitations are sent only if it commits."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from tracker.accounts import fields, links
from tracker.accounts.models import AccountLink, LoginSession, User
from tracker.audit.services import record
from tracker.core.exceptions import ValidationFailed, require
from tracker.core.problems import Problem, one_of
from tracker.core.timeutil import utcnow
from tracker.extensions import db
from tracker.people.queries import (
    LAST_LOGIN_FILTERS,
    STATE_LABELS,
    STATES,
    account_state,
    search_people,
)
from tracker.people.rules import check_may_manage, may_manage, may_manage_anyone
from tracker.units.models import Unit

__all__ = [
    "LAST_LOGIN_FILTERS",
    "STATES",
    "STATE_LABELS",
    "account_state",
    "check_may_manage",
    "commit",
    "create_person",
    "may_manage",
    "search_people",
    "send_invitation",
    "set_active",
    "update_person",
]

CHANGEABLE = ("email", "full_name", "role", "unit", "position", "phone", "locale", "active")


def own_account_disable() -> Problem:
    return Problem("own_account", _l("You cannot disable your own account."))


def own_role() -> Problem:
    return Problem("own_role", _l("You cannot change your own role."))


def account_disabled() -> Problem:
    return Problem(
        "account_disabled", _l("This account is disabled: enable it before inviting the person.")
    )


def commit() -> None:
    db.session.commit()


def _unit_id(unit: Unit | None) -> int | None:
    return unit.id if unit is not None else None


def create_person(
    actor,
    *,
    email: str,
    full_name: str,
    role: str,
    unit: Unit | str | None = None,
    position: str = "",
    phone: str = "",
    locale: str = "vi",
    send_invite: bool = True,
    reason: str = "",
) -> User:
    """A new account without a password: the person chooses one through the invitation mailed
    when `send_invite` (after the caller commits). `unit` is a Unit or a unit's code or name."""
    may_manage_anyone(actor)
    errors: dict[str, Problem] = {}
    role = fields.checked_role(role, errors)
    unit_row = fields.unit_to_join(unit, errors)
    fields.check_unit_for_role(role, unit_row, errors)
    if "role" not in errors and "unit" not in errors:
        check_may_manage(actor, role, _unit_id(unit_row))
    email = fields.checked_email(email, errors)
    name = fields.checked_name(full_name, errors)
    position = fields.checked_position(position, errors)
    phone = fields.checked_phone(phone, errors)
    locale = fields.checked_locale(locale, errors)
    reason = fields.checked_reason(reason, errors, required=False)
    require(errors)
    user = User(
        email=email,
        full_name=name,
        role=role,
        unit=unit_row,
        position=position,
        phone=phone,
        locale=locale,
        password_hash=None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(user)
            db.session.flush()
    except IntegrityError:  # created meanwhile by another request
        require({"email": fields.email_taken(email)})
    if send_invite:
        links.issue_link(user, "invite", actor)
    record(
        "user.create",
        actor=actor,
        target=user,
        email=email,
        role=role,
        unit=unit_row.code if unit_row else None,
        invited=bool(send_invite),
        reason=reason,
    )
    return user


def _wanted_changes(actor, user: User, changes: dict, errors: dict) -> dict:
    """Each asked-for value, checked; problems go to `errors` under the field's form name."""
    wanted: dict = {}
    if "email" in changes:
        wanted["email"] = fields.checked_email(changes["email"], errors, user)
    if "full_name" in changes:
        wanted["full_name"] = fields.checked_name(changes["full_name"], errors)
    if "role" in changes:
        wanted["role"] = fields.checked_role(changes["role"], errors)
        if user.id == actor.id and wanted["role"] != user.role and "role" not in errors:
            errors["role"] = own_role()
    if "unit" in changes:
        wanted["unit"] = fields.unit_to_join(changes["unit"], errors, user.unit)
    if "position" in changes:
        wanted["position"] = fields.checked_position(changes["position"], errors)
    if "phone" in changes:
        wanted["phone"] = fields.checked_phone(changes["phone"], errors)
    if "locale" in changes:
        wanted["locale"] = fields.checked_locale(changes["locale"], errors)
    if "active" in changes:
        if not isinstance(changes["active"], bool):
            errors["active"] = one_of(("true", "false"))
        elif changes["active"] is False and user.id == actor.id and user.active:
            errors["active"] = own_account_disable()
        wanted["active"] = changes["active"]
    return wanted


def _plain(field: str, value):
    """A value as the audit log and the API keep it: a unit by its code."""
    if field == "unit":
        return value.code if value is not None else None
    return value


def _has_open_invitation(user: User) -> bool:
    return (
        db.session.scalar(
            select(AccountLink.id).where(
                AccountLink.user_id == user.id,
                AccountLink.purpose == "invite",
                AccountLink.used_at.is_(None),
                AccountLink.voided_at.is_(None),
                AccountLink.expires_at > utcnow(),
            )
        )
        is not None
    )


def update_person(actor, user: User, *, reason: str = "", **changes) -> dict:
    """Change any of CHANGEABLE; returns {field: [before, after]} of what changed (empty when
    nothing did, and then nothing is journaled). The actor must manage the account both as it
    is and as it becomes. A new email voids the links mailed to the old one (an invitation
    still open is sent again, to the new address); disabling is set_active's rule."""
    unknown = set(changes) - set(CHANGEABLE)
    if unknown:
        raise TypeError(f"update_person() got unknown fields {sorted(unknown)}")
    check_may_manage(actor, user.role, user.unit_id)
    errors: dict[str, Problem] = {}
    wanted = _wanted_changes(actor, user, changes, errors)
    new_role = wanted.get("role", user.role)
    new_unit = wanted.get("unit", user.unit)
    fields.check_unit_for_role(new_role, new_unit, errors)
    if "role" not in errors and "unit" not in errors:
        check_may_manage(actor, new_role, _unit_id(new_unit))
    disabling = wanted.get("active") is False and user.active
    reason = fields.checked_reason(reason, errors, required=disabling)
    require(errors)

    diff: dict[str, list] = {}
    for field, value in wanted.items():
        if field == "active":
            continue
        before = getattr(user, field)
        if _plain(field, before) != _plain(field, value):
            diff[field] = [_plain(field, before), _plain(field, value)]
            setattr(user, field, value)
    if "email" in diff:
        reinvite = user.active and _has_open_invitation(user)
        links.void_all_links(user)
        if reinvite:
            links.issue_link(user, "invite", actor)
    if diff:
        record("user.update", actor=actor, target=user, changes=diff, reason=reason)
    if "active" in wanted and wanted["active"] != user.active:
        diff["active"] = [user.active, wanted["active"]]
        set_active(actor, user, wanted["active"], reason)
    return diff


def end_sessions(user: User) -> None:
    """Sign the person out everywhere: each of their open login sessions ends now."""
    db.session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .values(ended_at=utcnow())
    )


def set_active(actor, user: User, active: bool, reason: str = "") -> bool:
    """Disable (a reason is required) or enable an account; returns whether it changed.

    Disabling takes effect at the person's next request: their login sessions end here, and
    their API tokens and calendar feeds check `user.active`; the links mailed to them are
    voided. Nobody disables themself."""
    check_may_manage(actor, user.role, user.unit_id)
    errors: dict[str, Problem] = {}
    reason = fields.checked_reason(reason, errors, required=not active)
    if not active and user.id == actor.id:
        problem = own_account_disable()
        raise ValidationFailed(problem, {"active": problem})
    require(errors)
    if user.active == active:
        return False
    user.active = active
    if not active:
        end_sessions(user)
        links.void_all_links(user)
    record(
        "user.activate" if active else "user.deactivate", actor=actor, target=user, reason=reason
    )
    return True


def send_invitation(actor, user: User) -> AccountLink:
    """ "Gửi lại lời mời": a new invitation link, mailed after the commit; the older one no
    longer opens. Refused for a disabled account."""
    check_may_manage(actor, user.role, user.unit_id)
    if not user.active:
        problem = account_disabled()
        raise ValidationFailed(problem, {"active": problem})
    link = links.issue_link(user, "invite", actor)
    record("user.invite", actor=actor, target=user)
    return link
