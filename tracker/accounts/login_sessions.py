"""A person's own login sessions: the list of those open, and ending one or all the others."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from tracker.accounts.models import LoginSession, User
from tracker.audit.services import record
from tracker.core.exceptions import NotFound
from tracker.core.problems import Problem
from tracker.core.timeutil import utcnow
from tracker.core.tokens import hash_token
from tracker.extensions import db

# The first that matches names the browser: Edge and Opera also say "Chrome", Chrome says
# "Safari", so they are tried in this order.
BROWSERS = (
    ("Edge", r"Edg(?:e|A|iOS)?/(\d+)"),
    ("Opera", r"(?:OPR|Opera)/(\d+)"),
    ("Cốc Cốc", r"coc_coc_browser/(\d+)"),
    ("Samsung Internet", r"SamsungBrowser/(\d+)"),
    ("Firefox", r"(?:Firefox|FxiOS)/(\d+)"),
    ("Chrome", r"(?:Chrome|CriOS)/(\d+)"),
    ("Safari", r"Version/(\d+)[^ ]* (?:Mobile/\S+ )?Safari/"),
)
SYSTEMS = (
    ("iOS", r"iPhone|iPad|iPod"),
    ("Android", r"Android"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux|X11"),
)


def session_not_found() -> Problem:
    return Problem("session_not_found", _l("This login session does not exist."))


def browser_of(user_agent: str | None) -> str:
    """ "Chrome 120 · Windows" from a User-Agent header; what is unknown is left out."""
    agent = user_agent or ""
    browser = next(
        (f"{name} {m.group(1)}" for name, p in BROWSERS if (m := re.search(p, agent))), ""
    )
    system = next((name for name, pattern in SYSTEMS if re.search(pattern, agent)), "")
    return " · ".join(part for part in (browser, system) if part)


@dataclass
class OpenSession:
    id: int
    started: datetime
    address: str | None
    browser: str
    user_agent: str
    is_this_one: bool


def open_sessions(user: User, this_token: str | None) -> list[OpenSession]:
    """The user's login sessions that were not ended, the newest first."""
    this_hash = hash_token(this_token) if this_token else None
    rows = db.session.scalars(
        select(LoginSession)
        .where(LoginSession.user_id == user.id, LoginSession.ended_at.is_(None))
        .order_by(LoginSession.created_at.desc(), LoginSession.id.desc())
    )
    return [
        OpenSession(
            id=row.id,
            started=row.created_at,
            address=row.ip_address,
            browser=browser_of(row.user_agent),
            user_agent=row.user_agent or "",
            is_this_one=row.token_hash == this_hash,
        )
        for row in rows
    ]


def end_sessions(user: User, except_token: str | None = None) -> int:
    """Ends every open session of the user but the one of `except_token`; how many it ended.
    In the caller's transaction."""
    query = update(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.ended_at.is_(None)
    )
    if except_token:
        query = query.where(LoginSession.token_hash != hash_token(except_token))
    result = db.session.execute(
        query.values(ended_at=utcnow()).execution_options(synchronize_session=False)
    )
    return result.rowcount


def end_session(user: User, session_id: int) -> None:
    """The person ends one of their own sessions (another device they left signed in)."""
    row = db.session.get(LoginSession, session_id)
    if row is None or row.user_id != user.id:
        raise NotFound(session_not_found())
    if row.ended_at is None:
        row.ended_at = utcnow()
        record("login_session.end", actor=user, target=row)
    db.session.commit()


def end_other_sessions(user: User, this_token: str | None) -> int:
    ended = end_sessions(user, except_token=this_token)
    if ended:
        record("login_session.end_others", actor=user, target=user, ended=ended)
    db.session.commit()
    return ended
