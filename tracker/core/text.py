"""Comparing Vietnamese text as people mean it: whatever the case, diacritics and punctuation.

"Sở TT&TT", "sở tt-tt" and "SO TT TT" are one unit; "Thời hạn" and "THOI HAN" are one header.
Also the rule for what text we accept at all (text_problem).
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem, too_long
from tracker.core.problems import required as required_problem

_PUNCTUATION = re.compile(r"[^\w]+|_")
# C0 control characters: nobody types one, and NUL cannot even be stored. Only text that may
# span lines (a note, a reason, a task's wording) keeps tab, line feed and carriage return.
_CONTROL_IN_LINE = re.compile(r"[\x00-\x1f]")
_CONTROL_IN_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def strip_diacritics(text: str) -> str:
    """ "Đông Hà" → "Dong Ha". đ/Đ is a letter of its own, not a d with a mark, so it is mapped."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))


def name_key(text: str) -> str:
    """How unit and group names (and codes) compare: in one Unicode form, whatever the case,
    runs of spaces as one. A name typed on a Mac or copied from a PDF often arrives decomposed
    (NFD: "ơ" as "o" + U+031B), which looks the same and compares different."""
    folded = unicodedata.normalize("NFD", text or "").casefold()
    return " ".join(unicodedata.normalize("NFC", folded).split())


def fold(text: str) -> str:
    """Lowercase, without diacritics, every run of spaces and punctuation one space."""
    return _PUNCTUATION.sub(" ", strip_diacritics(text or "").lower()).strip()


def compact(text: str) -> str:
    """fold() without spaces: "Sở TT&TT" and "Sở TTTT" give the same key."""
    return fold(text).replace(" ", "")


def tidy(text: str) -> str:
    """Text as a cell holds it, trimmed: each line's spaces collapsed, empty lines dropped."""
    lines = (" ".join(line.split()) for line in str(text or "").splitlines())
    return "\n".join(line for line in lines if line)


def control_character(text: str, multiline: bool = False) -> str | None:
    """The first control character `text` may not hold, as "U+0007", or None."""
    found = (_CONTROL_IN_LINES if multiline else _CONTROL_IN_LINE).search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def text_problem(text: str, multiline: bool = True) -> Problem | None:
    """Why `text` is refused as input (every form, URL part, API field and service text goes
    through this), or None. The API cannot tell a note from a name, so it checks multi-line."""
    problem = unstorable(text)
    if problem is None and (code := control_character(text, multiline)):
        problem = Problem(
            "control_character",
            _l("Remove the control character %(code)s from this field."),
            code=code,
        )
    return problem


def unstorable(text: str) -> Problem | None:
    """Why a database text column cannot hold `text` (PostgreSQL text holds no NUL character and
    only valid UTF-8, so no lone surrogate from a JSON \\udXXX escape), or None when it can."""
    if "\x00" in text:
        return Problem("nul_character", _l("Remove the NUL character from this field."))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return Problem(
            "invalid_unicode", _l("This field holds invalid Unicode (a lone surrogate).")
        )
    return None


def checked_text(value: str | None, name: str, errors: dict, max_len: int, required: bool = True):
    value = (value or "").strip()
    problem = text_problem(value)
    if problem:
        errors[name] = problem
    elif required and not value:
        errors[name] = required_problem()
    elif len(value) > max_len:
        errors[name] = too_long(max_len)
    return value
