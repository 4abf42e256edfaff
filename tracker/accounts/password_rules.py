"""The one rule for a new password (NIST SP 800-63B, 3.1.1.2), shared by the invitation and
reset links, the change of one's own password and `tracker create-user`.

Length is what makes a password strong, so the rule asks for length and refuses only what an
attacker tries first: a password from the bundled list of common ones, or one that contains the
account's own email name. No composition rules (a digit, a capital, a symbol), which NIST
advises against. Checked in this order, the first problem is the one told:

1. at least MIN_LENGTH and at most MAX_LENGTH characters (Unicode characters, not bytes);
2. not common: the password is folded (lower case, Vietnamese diacritics removed, đ → d, spaces
   and symbols removed) and refused when the folded text, or the folded text without the digits
   at its start and end, is in data/common-passwords.txt (folded alike). So "MatKhau@2024",
   "Quảng Trị 2021" and "123456789!" are refused, "mat khau cua phong 2024" is not. A password
   of one or two different characters repeated is refused the same way;
3. not containing the email's local part (when it has at least 3 characters), nor one of its
   pieces split at . _ - + (when a piece has at least 4), nor the person's whole name, all
   compared folded.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem

MIN_LENGTH = 10
MAX_LENGTH = 200
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords.txt"

# What the password forms say before anyone types (the same rules, for people).
RULES = (
    _l("At least %(min)s characters: a few words you will remember are best.", min=MIN_LENGTH),
    _l("Not a common password (such as 123456789 or matkhau2021)."),
    _l("Not containing the name of your email address."),
)


def fold(text: str) -> str:
    """Lower case, without diacritics, letters and digits only: "Mật khẩu!" → "matkhau"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(
        fold(line) for line in lines if line.strip() and not line.startswith("#") and fold(line)
    )


def is_common(password: str) -> bool:
    folded = fold(password)
    core = folded.strip("0123456789")
    common = common_passwords()
    return (
        len(set(password)) <= 2
        or folded in common
        or bool(core)
        and core in common
        or not folded  # nothing but symbols and spaces
    )


def own_names(email: str, full_name: str = "") -> set[str]:
    """The folded words of the account's own that a password must not contain."""
    local = (email or "").partition("@")[0]
    names = set()
    if len(fold(local)) >= 3:
        names.add(fold(local))
    names.update(fold(piece) for piece in re.split(r"[._+-]", local) if len(fold(piece)) >= 4)
    if len(fold(full_name)) >= 3:
        names.add(fold(full_name))
    return names


def too_short() -> Problem:
    return Problem(
        "password_too_short",
        _l("The password needs at least %(min)s characters."),
        min=MIN_LENGTH,
    )


def password_problem(password: str, email: str = "", full_name: str = "") -> Problem | None:
    """Why this password may not be chosen by the account of `email` (and `full_name`), or
    None when it may."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return too_short()
    if len(password) > MAX_LENGTH:
        return Problem(
            "password_too_long",
            _l("The password may have at most %(max)s characters."),
            max=MAX_LENGTH,
        )
    if is_common(password):
        return Problem(
            "password_too_common",
            _l("This password is among the most common ones: choose another."),
        )
    folded = fold(password)
    if any(name in folded for name in own_names(email, full_name)):
        return Problem(
            "password_contains_name",
            _l("The password may not contain your email address's name or your own name."),
        )
    return None
