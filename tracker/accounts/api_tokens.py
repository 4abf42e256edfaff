"""Personal API tokens: random, stored as a hash, named, revocable."""

from __future__ import annotations

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.accounts.models import ApiToken, User
from tracker.audit.services import record
from tracker.core.exceptions import NotFound, require
from tracker.core.problems import Problem, required, too_long
from tracker.core.timeutil import utcnow
from tracker.core.tokens import hash_token
from tracker.extensions import db

TOKEN_PREFIX = "cchc_"


def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the row and the token itself, which is shown once and never stored."""
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = required()
    elif len(name) > 100:
        errors["name"] = too_long(100)
    require(errors)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=hash_token(raw), prefix=raw[:12])
    db.session.add(token)
    db.session.flush()
    record("api_token.create", actor=user, target=token, name=name)
    db.session.commit()
    return token, raw


def user_tokens(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())
        )
    )


def revoke_token(user: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(Problem("token_not_found", _l("This token does not exist.")))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record("api_token.revoke", actor=user, target=token)
        db.session.commit()


def user_for_token(raw: str) -> User | None:
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == hash_token(raw))
        .options(joinedload(ApiToken.user))  # every API call: one query, not two
    )
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    # Written at most once a minute, so that busy clients do not turn reads into writes.
    last = token.last_used_at
    if (
        last is None
        or (now - (last if last.tzinfo else last.replace(tzinfo=now.tzinfo))).total_seconds() > 60
    ):
        token.last_used_at = now
        db.session.commit()
    return token.user
