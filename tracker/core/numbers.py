"""Numbers as people read them in their language (Babel): "1.980" and "95,9 %" in
Vietnamese, "1,980" and "95.9%" in English. Pages (the `number` and `percent` filters), the
report's .docx and the exports' text all write numbers through here."""

from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_decimal
from babel.numbers import format_percent as babel_percent
from flask_babel import get_locale

# CLDR writes Vietnamese percentages without a space ("96%"); Vietnamese typography, and the
# office's own reports, put one before the sign. One decimal, dropped when it is nought.
PERCENT_PATTERNS = {"vi": "#,##0.# %", "en": "#,##0.#%"}
NOTHING = "—"


def _language(locale) -> str:
    chosen = locale or get_locale()
    return str(chosen) if chosen is not None else "vi"


def format_number(value, locale=None) -> str:
    """1980 → "1.980" (vi), "1,980" (en); None → "—"."""
    if value is None:
        return NOTHING
    return _decimal(value, _language(locale))


# Babel parses the locale's pattern on every call (about 50 µs); the status page of 500 units
# writes some 7,000 numbers, most of them small counts seen many times.
@lru_cache(maxsize=8192)
def _decimal(value, language: str) -> str:
    return format_decimal(value, locale=language)


@lru_cache(maxsize=8192)
def _percent(ratio, pattern: str, language: str) -> str:
    return babel_percent(ratio, pattern, locale=language)


def format_percent(ratio, locale=None) -> str:
    """0.959 → "95,9 %" (vi), "95.9%" (en); None (no base to divide by) → "—"."""
    if ratio is None:
        return NOTHING
    language = _language(locale)
    pattern = PERCENT_PATTERNS.get(language.split("_")[0], PERCENT_PATTERNS["en"])
    return _percent(ratio, pattern, language)
