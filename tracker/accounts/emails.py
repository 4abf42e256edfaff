"""The one rule for an account's email address, shared by the login form, `tracker create-user`,
the people pages, the API and the bulk onboarding: an address that one may be created with can
also sign in."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem

MAX_EMAIL_LENGTH = 254


def not_an_email(value: str) -> Problem:
    return Problem("not_an_email", _l("“%(value)s” is not an email address."), value=value)


def email_problem(value: str) -> Problem | None:
    """Why the address cannot be an account's, or None. No DNS lookup (government networks are
    often offline); special-use domains such as .test or .local are refused, since no mail
    reaches them; the local part is ASCII so that every mail server takes it."""
    value = (value or "").strip()
    if not value or len(value) > MAX_EMAIL_LENGTH:
        return not_an_email(value[:60])
    try:
        validate_email(value, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return not_an_email(value[:60])
    return None


def normalized_email(value: str) -> str:
    """As stored: trimmed and lower-cased (the unique constraint is then case-insensitive)."""
    return (value or "").strip().lower()
