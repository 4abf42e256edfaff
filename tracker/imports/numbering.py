"""The STT column: what kind of number a row has, and the full number it stands for.

Plan annexes number their rows as outlines: "I", "II" are sections; "1", "2" under them are
tasks (or sub-sections when they have no owner); "a", "b" nest under the last numbered row;
"1.2" nests explicitly. A task keeps its section path: "3" under "II" is task "II.3", "a"
under it "II.3.a". An exported plan writes the full number ("II.3") where the short one
would not come back the same, so this module also finds the shortest STT that does.
"""

from __future__ import annotations

import copy
import re

ROMAN = re.compile(r"[IVX]+")
ARABIC = re.compile(r"\d{1,3}")
DOTTED = re.compile(r"\d{1,3}(?:\.\d{1,3})+")
ABSOLUTE = re.compile(r"[IVX]+(?:\.(?:\d{1,3}|[a-zđ]))+")
LETTER = re.compile(r"[a-zđ]|[A-HJ-UWYZĐ]")  # lowercase, or an uppercase one that is not roman
BULLET = {"", "-", "+", "•", "*", "–", "—"}
NUMBER_THEN_TEXT = re.compile(r"^([IVX]+|\d{1,3}(?:\.\d{1,3})*|[a-zđ])\s*[.)/:-]\s*(\S.*)$", re.S)


def roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def roman_value(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10}
    total = 0
    for i, ch in enumerate(text):
        value = values[ch]
        total += -value if i + 1 < len(text) and values[text[i + 1]] > value else value
    return total


def clean_stt(value) -> str:
    """An STT cell as text: 3 and 3.0 are "3", "II." is "II", "a)" is "a", "(1)" is "1"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return text.rstrip(".)").strip()


def stt_kind(stt: str) -> str:
    """roman, arabic, dotted, absolute, letter, none (empty or a bullet) or bad."""
    for kind, pattern in (
        ("roman", ROMAN),
        ("arabic", ARABIC),
        ("dotted", DOTTED),
        ("absolute", ABSOLUTE),
        ("letter", LETTER),
    ):
        if pattern.fullmatch(stt):
            return kind
    return "none" if stt in BULLET else "bad"


def split_number_and_text(text: str) -> tuple[str, str] | None:
    """ "II. CẢI CÁCH THỂ CHẾ" written in one merged cell → ("II", "CẢI CÁCH THỂ CHẾ")."""
    found = NUMBER_THEN_TEXT.match(text.strip())
    return (found.group(1), found.group(2).strip()) if found else None


class Numbering:
    """Walks the rows in order, keeping the open sections; place() numbers one row."""

    def __init__(self) -> None:
        self.roman: str | None = None
        self.last: tuple[str, int] | None = None  # the last arabic/dotted row: number, level
        self.highest_roman = 0
        self.open: list[tuple[int, str]] = []  # (level, number) of the enclosing sections

    def place(self, stt: str, is_section: bool) -> tuple[str, str | None]:
        """(full number, number of the enclosing section) of a row, and move on past it.
        `stt` must be of a kind other than bad; "none" only for a section."""
        kind = stt_kind(stt)
        if kind == "none":  # a bare heading opens the next top-level section
            stt, kind = roman(self.highest_roman + 1), "roman"
        if kind == "roman":
            number, level = stt, 1
            self.roman, self.last = stt, None
            self.highest_roman = max(self.highest_roman, roman_value(stt))
        elif kind in ("arabic", "dotted"):
            number = f"{self.roman}.{stt}" if self.roman else stt
            level = (1 if self.roman else 0) + stt.count(".") + 1
            self.last = (number, level)
        elif kind == "absolute":
            number, level = stt, stt.count(".") + 1
            self.last = (number, level)
        else:  # a letter nests under the last numbered row, else under the section
            parent = self.last or ((self.roman, 1) if self.roman else None)
            number = f"{parent[0]}.{stt}" if parent else stt
            level = parent[1] + 1 if parent else 1
        while self.open and self.open[-1][0] >= level:
            self.open.pop()
        enclosing = self.open[-1][1] if self.open else None
        if is_section:
            self.open.append((level, number))
        return number, enclosing

    def stt_for(self, number: str, section: str | None, is_section: bool) -> str:
        """The STT to write for a row so that reading it back gives `number` in `section`:
        the last part of the number when that suffices, else the whole number."""
        last = number.rsplit(".", 1)[-1]
        for candidate in dict.fromkeys((last, number)):
            if stt_kind(candidate) in ("bad", "none"):
                continue
            trial = copy.deepcopy(self)
            if trial.place(candidate, is_section) == (number, section):
                self.__dict__.update(trial.__dict__)
                return candidate
        if stt_kind(number) not in ("bad", "none"):
            self.place(number, is_section)
        return number
