"""The two-step sign-in's forms for the forms fuzz (tests/forms_support.py).

Its forms show only to someone with an authenticator app (make new recovery codes, turn it
off) or between the password and the session (the code at /login/verify, the enrolment at
/login/enrol). So before the crawl the viewer's role is made to require a second factor, the
demo's viewer and unit staff member get an app (their sessions answer the second step with a
recovery code of a long list kept here), and two visitors stop between the steps: one whose
account has an app (at /login/verify), one whose role requires one and who has none yet (at
/login/enrol).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pyotp
from sqlalchemy import select

from tracker.accounts import throttle
from tracker.accounts.models import PasskeyCredential, RecoveryCode, User
from tracker.accounts.passwords import hash_password
from tracker.accounts.signin import PENDING_KEY, PENDING_SECONDS
from tracker.core.timeutil import utcnow
from tracker.core.tokens import hash_token
from tracker.extensions import db

REQUIRED_ROLES = ("viewer",)
# Demo accounts given an app: staff (may turn it off) and the viewer (whose role requires it).
WITH_APP = ("chuyenvien.snv@cchc.demo", "xem@cchc.demo")
SECOND_STEP = "second_step"  # a visitor between the password and the code
ENROLMENT = "enrolment"  # a visitor between the password and setting up an app
VISITORS = {
    SECOND_STEP: ("fuzz.hai-buoc@cchc.demo", "viewer", "Fuzz-Hai-Buoc-2021"),
    ENROLMENT: ("fuzz.cai-dat@cchc.demo", "viewer", "Fuzz-Cai-Dat-2021"),
}
# Given a passkey as well, so that /profile/passkeys shows its removal form (the app remains).
WITH_PASSKEY = "chuyenvien.snv@cchc.demo"
# A staff member of the lead's unit who has an app and is nobody's session: the lead's crawl
# reads its short people list through and meets, on this person's page, the form resetting a
# second factor (on the crawl's own accounts that form is left alone).
LOST_PHONE = "mat-may.fuzz@quangtri.gov.vn"
LEAD = "lanhdao.snv@cchc.demo"
CODES_EACH = 400  # recovery codes per account: one for each time its session logs in again


@dataclass
class SecondStep:
    """What a RoleSession does after its password: give a recovery code (`finish`), or stay
    between the steps, at `start`."""

    app: object
    email: str
    finish: bool
    start: str = "/"
    codes: list[str] = field(default_factory=list)

    @property
    def token_page(self) -> str:
        return "/profile" if self.finish else self.start

    def holds(self, session) -> bool:
        """Whether the session is where this step leaves it."""
        if self.finish:
            return "_user_id" in session
        pending = session.get(PENDING_KEY)
        return bool(pending) and time.time() - pending["checked_at"] < PENDING_SECONDS - 60

    def after_password(self, client) -> None:
        if not self.finish:
            return
        with self.app.app_context():
            user = db.session.scalar(select(User).where(User.email == self.email))
            # The fuzz's wrong codes on this account's forms must not lock its own sign-in.
            throttle.second_factor_succeeded(user.id)
        page = client.get("/login/verify").get_data(as_text=True)
        token = page.split('name="csrf_token" type="hidden" value="', 1)[1].split('"', 1)[0]
        code = self.codes.pop()
        response = client.post("/login/verify", data={"code": code, "csrf_token": token})
        assert response.status_code == 302, f"{self.email}: second step refused"


def _give_an_app(user: User) -> list[str]:
    user.totp_secret = pyotp.random_base32()
    user.totp_enabled_at = utcnow()
    codes = [f"fuzz{user.id:04d}{n:06d}" for n in range(CODES_EACH)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=hash_token(code)) for code in codes)
    return codes


def prepare(app) -> tuple[dict[str, SecondStep], dict[str, tuple[str, str]]]:
    """Before the crawl: the second steps by email of the demo accounts that have one, and by
    visitor's name the credentials of the two visitors between the steps."""
    app.config["REQUIRE_2FA_ROLES"] = REQUIRED_ROLES
    steps: dict[str, SecondStep] = {}
    visitors: dict[str, tuple[str, str]] = {}
    with app.app_context():
        for email in WITH_APP:
            user = db.session.scalar(select(User).where(User.email == email))
            steps[email] = SecondStep(app, email, finish=True, codes=_give_an_app(user))
            if email == WITH_PASSKEY:
                db.session.add(
                    PasskeyCredential(
                        user_id=user.id,
                        credential_id=f"fuzz-passkey-{user.id}",
                        public_key=b"not a real key: never used to sign in",
                        name="Khóa thử của fuzz",
                        transports=["internal"],
                    )
                )
        lead_unit = db.session.scalar(select(User.unit_id).where(User.email == LEAD))
        lost_phone = User(
            email=LOST_PHONE,
            full_name="Người mất điện thoại",
            role="unit_member",
            unit_id=lead_unit,
            password_hash="-",
        )
        db.session.add(lost_phone)
        db.session.flush()
        _give_an_app(lost_phone)
        # Viewers, of no unit: no unit's lead manages them, and the people lists of the units
        # the crawl meets stay as they were.
        for name, (email, role, password) in VISITORS.items():
            user = User(
                email=email,
                full_name=f"Khách {name}",
                role=role,
                password_hash=hash_password(password),
            )
            db.session.add(user)
            db.session.flush()
            if name == SECOND_STEP:
                _give_an_app(user)
            start = "/login/verify" if name == SECOND_STEP else "/login/enrol"
            steps[email] = SecondStep(app, email, finish=False, start=start)
            visitors[name] = (email, password)
        db.session.commit()
    return steps, visitors
