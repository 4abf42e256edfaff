"""Comparing Vietnamese text as people mean it: whatever the case, diacritics and punctuation.

"Sở TT&TT", "sở tt-tt" and "SO TT TT" are one unit; "Thời hạn" and "THOI HAN" are one header.
"""

from __future__ import annotations

import re
import unicodedata

_PUNCTUATION = re.compile(r"[^\w]+|_")


def strip_diacritics(text: str) -> str:
    """ "Đông Hà" → "Dong Ha". đ/Đ is a letter of its own, not a d with a mark, so it is mapped."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))


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


def unstorable(text: str) -> str | None:
    """Why a database text column cannot hold `text` (PostgreSQL text holds no NUL character and
    only valid UTF-8, so no lone surrogate from a JSON \\udXXX escape), or None when it can."""
    if "\x00" in text:
        return "contains a NUL character"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "contains invalid Unicode (a lone surrogate)"
    return None
