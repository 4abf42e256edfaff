"""Signing in with a passkey: as the second factor of a user whose password was just checked,
or without a password (the browser offers the passkeys it holds for this site).

The device must verify the person (PIN, fingerprint, face), so a passwordless sign-in counts as
both factors. The passkey must belong to an active account; its use counter, when the device
keeps one, must have gone up since the last sign-in (a copied key would repeat it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import NoReturn

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from webauthn import (
    generate_authentication_options,
    options_to_json,
    verify_authentication_response,
)
from webauthn.helpers import base64url_to_bytes
from webauthn.helpers.structs import UserVerificationRequirement

from tracker.accounts import passkeys_challenges as challenges
from tracker.accounts.models import PasskeyCredential, User
from tracker.accounts.passkeys import (
    TIMEOUT_MS,
    PasskeyRefused,
    challenge_gone,
    descriptor,
    malformed,
    not_here,
    not_verified,
    user_handle,
    user_passkeys,
    why,
)
from tracker.accounts.passkeys_party import passkeys_usable_here, relying_party
from tracker.audit.services import record
from tracker.core.problems import Problem
from tracker.core.timeutil import utcnow
from tracker.extensions import db

CREDENTIAL_ID = re.compile(r"[A-Za-z0-9_-]{1,1400}")


class PasskeySignInRefused(PasskeyRefused):
    status = 401
    code = "passkey_sign_in_refused"


@dataclass
class PasskeySignIn:
    user: User
    passkey: PasskeyCredential
    second_factor: bool  # after a password; else passwordless


def unknown_passkey() -> Problem:
    # A disabled account and a passkey we never saw read alike, as at the password step.
    return Problem(
        "passkey_unknown",
        _l("This passkey is not registered here, or its account is disabled."),
    )


def counter_went_back() -> Problem:
    return Problem(
        "passkey_counter_went_back",
        _l(
            "This passkey's use counter went backwards, as a copied key's would: it was not "
            "accepted. Remove it from your profile and register it again."
        ),
    )


def sign_in_options(pending: User | None) -> dict:
    """The options for navigator.credentials.get(): the pending user's passkeys at the second
    step; an empty list (any passkey the browser holds for this site) without a password."""
    if not passkeys_usable_here():
        raise PasskeyRefused(not_here())
    if pending is None:
        allowed = []
        challenge = challenges.issue("sign_in")
    else:
        allowed = [descriptor(p) for p in user_passkeys(pending)]
        if not allowed:
            raise PasskeyRefused(
                Problem("passkey_none", _l("You have no passkey yet: use your code instead."))
            )
        challenge = challenges.issue("second_factor", pending.id)
    options = generate_authentication_options(
        rp_id=relying_party().id,
        challenge=challenge,
        timeout=TIMEOUT_MS,
        allow_credentials=allowed,
        user_verification=UserVerificationRequirement.REQUIRED,
    )
    return json.loads(options_to_json(options))


def _refuse(problem: Problem, passkey: PasskeyCredential | None, **details) -> NoReturn:
    """Journal a refused sign-in (committed now: the refusal rolls the request back)."""
    record(
        "passkey.sign_in_refused",
        actor=db.session.get(User, passkey.user_id) if passkey is not None else None,
        target=passkey,
        reason=problem.code,
        **details,
    )
    db.session.commit()
    raise PasskeySignInRefused(problem)


def _answered_user_handle(answer: dict) -> bytes | None:
    response = answer.get("response")
    handle = response.get("userHandle") if isinstance(response, dict) else None
    if not isinstance(handle, str) or not handle:
        return None
    try:
        return base64url_to_bytes(handle)
    except ValueError:
        return b""


def is_credential_id(value) -> bool:
    """base64url, as long as the column allows (a NUL or a surrogate would not even reach the
    database's comparison)."""
    return isinstance(value, str) and CREDENTIAL_ID.fullmatch(value) is not None


def sign_in(answer, pending: User | None) -> PasskeySignIn:
    """Verify the answer of navigator.credentials.get() to the options this session was given
    last: passwordless, or the second step of `pending` (the user whose password was just
    checked). The caller opens the login session."""
    if not isinstance(answer, dict) or not is_credential_id(answer.get("id")):
        raise PasskeySignInRefused(malformed())
    challenge = challenges.take(("sign_in", "second_factor"))
    second_step = challenge is not None and challenge.purpose == "second_factor"
    if challenge is None or (second_step and (pending is None or challenge.user_id != pending.id)):
        raise PasskeySignInRefused(challenge_gone())
    passkey = db.session.scalar(
        select(PasskeyCredential).where(PasskeyCredential.credential_id == answer["id"])
    )
    if passkey is None or (second_step and passkey.user_id != challenge.user_id):
        _refuse(unknown_passkey(), passkey)
    user = db.session.get(User, passkey.user_id)
    if not user.active:
        _refuse(unknown_passkey(), passkey, account="disabled")
    handle = _answered_user_handle(answer)
    if handle is not None and handle != user_handle(user):
        _refuse(not_verified(), passkey, check="user_handle")
    party = relying_party()
    try:
        verified = verify_authentication_response(
            credential=answer,
            expected_challenge=challenge.value,
            expected_rp_id=party.id,
            expected_origin=list(party.origins),
            credential_public_key=passkey.public_key,
            # The counter is checked below, so that a copied key is named as such.
            credential_current_sign_count=0,
            require_user_verification=True,
        )
    except Exception as error:  # the library's parsers raise many kinds on forged input
        _refuse(not_verified(), passkey, error=why(error))
    new_count = verified.new_sign_count
    if (new_count or passkey.sign_count) and new_count <= passkey.sign_count:
        _refuse(counter_went_back(), passkey, stored=passkey.sign_count, answered=new_count)
    passkey.sign_count = new_count
    passkey.last_used_at = utcnow()
    db.session.commit()
    return PasskeySignIn(user=user, passkey=passkey, second_factor=second_step)
