"""Passkeys (WebAuthn): registering one, listing and removing them.

A passkey is a second factor after the password, or, verified by the device (PIN, fingerprint),
a sign-in of its own (tracker.accounts.passkeys_signin). Registration asks for user
verification and a discoverable credential where the device can keep one, and excludes the
user's passkeys already registered. Each ceremony's challenge is single-use and lives five
minutes (tracker.accounts.passkeys_challenges). Every refusal is a Problem; a forged or
garbled answer is refused like any other, never an error of ours.
"""

from __future__ import annotations

import json
import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from webauthn import generate_registration_options, options_to_json, verify_registration_response
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from tracker.accounts import passkeys_challenges as challenges
from tracker.accounts.models import PasskeyCredential, User
from tracker.accounts.passkeys_party import passkeys_usable_here, relying_party
from tracker.accounts.signin import second_factor_required
from tracker.audit.services import record
from tracker.core.exceptions import Conflict, NotFound, ServiceError, require
from tracker.core.problems import Problem, required, too_long
from tracker.core.text import text_problem
from tracker.extensions import db

NAME_MAX = 100
TIMEOUT_MS = challenges.LIFETIME_SECONDS * 1000
TRANSPORTS = {transport.value for transport in AuthenticatorTransport}


class PasskeyRefused(ServiceError):
    """A ceremony that cannot go on: the answer is not valid, or its challenge is gone."""

    status = 400
    code = "passkey_refused"


def malformed() -> Problem:
    return Problem("passkey_malformed", _l("The request did not hold a passkey's answer."))


def challenge_gone() -> Problem:
    return Problem(
        "passkey_challenge_gone",
        _l("The passkey request expired or was already answered. Try again."),
    )


def not_verified() -> Problem:
    return Problem(
        "passkey_not_verified",
        _l("The passkey's answer could not be verified. Try again."),
    )


def not_here() -> Problem:
    return Problem(
        "passkey_not_here",
        _l(
            "Passkeys work only when this site is opened by its name, not by an address "
            "such as 127.0.0.1."
        ),
    )


def why(error: Exception) -> str:
    """The library's reason for the journal, in printable ASCII: it may quote the forged
    answer (an origin with a NUL would not even be stored)."""
    return re.sub(r"[^\x20-\x7e]", "?", f"{type(error).__name__}: {error}")[:200]


def user_passkeys(user: User) -> list[PasskeyCredential]:
    return list(
        db.session.scalars(
            select(PasskeyCredential)
            .where(PasskeyCredential.user_id == user.id)
            .order_by(PasskeyCredential.created_at, PasskeyCredential.id)
        )
    )


def descriptor(passkey: PasskeyCredential) -> PublicKeyCredentialDescriptor:
    return PublicKeyCredentialDescriptor(
        id=base64url_to_bytes(passkey.credential_id),
        transports=[AuthenticatorTransport(t) for t in passkey.transports or () if t in TRANSPORTS],
    )


def user_handle(user: User) -> bytes:
    """WebAuthn's user.id: the account's number, no name or address (the device may show it)."""
    return str(user.id).encode()


def check_name(user: User, name) -> str:
    name = name.strip() if isinstance(name, str) else ""
    problems: dict[str, Problem] = {}
    if not name:
        problems["name"] = required()
    elif len(name) > NAME_MAX:
        problems["name"] = too_long(NAME_MAX)
    elif problem := text_problem(name, multiline=False):
        problems["name"] = problem
    elif name.casefold() in {p.name.casefold() for p in user_passkeys(user)}:
        problems["name"] = Problem(
            "passkey_name_taken",
            _l("You already have a passkey named “%(name)s”: choose another name."),
            name=name,
        )
    require(problems)
    return name


def registration_options(user: User, name) -> dict:
    """The options for navigator.credentials.create(), as JSON; the name chosen for the new
    passkey is kept with the challenge until the answer comes."""
    name = check_name(user, name)
    if not passkeys_usable_here():
        raise PasskeyRefused(not_here())
    party = relying_party()
    challenge = challenges.issue("register", user.id, name=name)
    options = generate_registration_options(
        rp_id=party.id,
        rp_name=party.name,
        user_id=user_handle(user),
        user_name=user.email,
        user_display_name=user.full_name,
        challenge=challenge,
        timeout=TIMEOUT_MS,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[descriptor(p) for p in user_passkeys(user)],
    )
    return json.loads(options_to_json(options))


def transports_of(answer: dict) -> list[str]:
    response = answer.get("response")
    listed = response.get("transports") if isinstance(response, dict) else None
    if not isinstance(listed, list):
        return []
    return sorted({t for t in listed if isinstance(t, str) and t in TRANSPORTS})


def register(user: User, answer) -> PasskeyCredential:
    """Verify the answer of navigator.credentials.create() and keep the new passkey."""
    if not isinstance(answer, dict):
        raise PasskeyRefused(malformed())
    challenge = challenges.take(("register",))
    if challenge is None or challenge.user_id != user.id:
        raise PasskeyRefused(challenge_gone())
    party = relying_party()
    try:
        verified = verify_registration_response(
            credential=answer,
            expected_challenge=challenge.value,
            expected_rp_id=party.id,
            expected_origin=list(party.origins),
            require_user_verification=True,
        )
    except Exception as error:  # the library's parsers raise many kinds on forged input
        record("passkey.register_refused", actor=user, target=user, error=why(error))
        db.session.commit()
        raise PasskeyRefused(not_verified()) from error
    credential_id = bytes_to_base64url(verified.credential_id)
    if db.session.scalar(
        select(func.count()).where(PasskeyCredential.credential_id == credential_id)
    ):
        raise Conflict(
            Problem("passkey_registered", _l("This passkey is already registered.")),
        )
    name = check_name(user, challenge.details.get("name"))
    passkey = PasskeyCredential(
        user_id=user.id,
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        transports=transports_of(answer),
        name=name,
    )
    db.session.add(passkey)
    db.session.flush()
    record("passkey.add", actor=user, target=passkey, user_id=user.id, name=name)
    db.session.commit()
    return passkey


def remove(user: User, passkey_id: int, actor: User | None = None) -> None:
    """Remove one of the user's passkeys. Users remove their own; a user whose role requires a
    second factor may not remove the last one they have (an administrator may, for a lost
    device: the user then enrols again at the next sign-in)."""
    actor = actor or user
    passkey = db.session.get(PasskeyCredential, passkey_id)
    if passkey is None or passkey.user_id != user.id:
        raise NotFound(Problem("passkey_not_found", _l("This passkey does not exist.")))
    if actor.id == user.id and second_factor_required(user):
        others = [p for p in user_passkeys(user) if p.id != passkey.id]
        if not others and user.totp_enabled_at is None:
            raise PasskeyRefused(
                Problem(
                    "passkey_last_factor",
                    _l(
                        "Your role must sign in with a second factor, and this passkey is "
                        "your only one: set up an authenticator app or another passkey first."
                    ),
                )
            )
    name = passkey.name
    db.session.delete(passkey)
    record("passkey.remove", actor=actor, target=passkey, user_id=user.id, name=name)
    db.session.commit()
