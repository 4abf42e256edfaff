"""How a sub-criterion is scored, read from its "Hướng dẫn chấm điểm" as the decisions write it.

- Computed: a marker `Tự động: plan_done(plan=5959, as_of=31/12)` anywhere in the text names a
  formula of the tracker's own data (formulas.FORMULAS) and its parameters, checked by
  formulas.formula_problem. Levels written beside it are kept (a formula may score by them).
- Levels: two or more lines (or parts between ";") "label = points" or "label: points điểm",
  such as "Hoàn thành 100 % = 1; 80 – dưới 100 % = 0,5; dưới 80 % = 0".
- Otherwise a free number from 0 to the maximum, in steps of "bước 0,25" (0,25 by default, or
  none for a maximum that is not a whole number of 0,25).

Points use the Vietnamese decimal comma (0,5); a dot is read as one too, since points never
run into thousands. Bad guidance raises RuleError with the problem to show on its cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem
from tracker.reform_index import formulas
from tracker.reform_index.scoring import as_points, shown_points

DEFAULT_STEP = 0.25
NUMBER = r"\d+(?:[.,]\d+)?"
_MARKER = re.compile(
    r"(?:tự\s+động|tu\s+dong)\s*:\s*(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:\((?P<args>[^)]*)\))?",
    re.IGNORECASE,
)
_STEP = re.compile(rf"(?:bước|buoc)\s*(?:chấm\s*)?(?:là\s*)?:?\s*(?P<step>{NUMBER})", re.IGNORECASE)
_POINTS = re.compile(rf"^\s*(?P<points>{NUMBER})\s*(?:điểm|đ)?\s*[.;]?\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^[\s\-–—+•*]+")
_PARAMETER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
PARAMETER_VALUE_MAX = 100
LEVEL_LABEL_MAX = 300


@dataclass(frozen=True)
class RuleSpec:
    rule: str = "number"  # number | levels | computed
    step: float | None = None
    levels: list[dict] | None = None  # [{"label": "Hoàn thành 100 %", "points": 1.0}, …]
    formula: str | None = None
    parameters: dict[str, str] | None = field(default=None)


class RuleError(Exception):
    """The guidance names a rule that cannot be used: `problem` says why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


def read_points(text: str) -> float | None:
    """ "0,5" or "0.5" → 0.5; None when it is not a number of points."""
    text = (text or "").strip()
    if not re.fullmatch(NUMBER, text):
        return None
    try:
        return float(Decimal(text.replace(",", ".")))
    except InvalidOperation:
        return None


def parse_rule(guidance: str, max_points: float) -> RuleSpec:
    """The scoring rule of a sub-criterion whose guidance is `guidance` (RuleError when it is
    written wrong: an unknown formula, a level above the maximum, a step that misses it)."""
    text = unicodedata.normalize("NFC", guidance or "")
    marker = _MARKER.search(text)
    if marker is not None:
        name, parameters = _formula(marker)
        rest = text[: marker.start()] + "\n" + text[marker.end() :]
        levels = _levels(rest, max_points)
        return RuleSpec("computed", None, levels or None, name, parameters)
    levels = _levels(text, max_points)
    if levels:
        return RuleSpec("levels", None, levels)
    return RuleSpec("number", _step(text, max_points))


def _formula(marker: re.Match) -> tuple[str, dict[str, str]]:
    name = marker["name"]
    parameters: dict[str, str] = {}
    for part in (marker["args"] or "").split(","):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        key, value = key.strip(), value.strip().strip("\"'“”").strip()
        if not sep or not _PARAMETER_NAME.fullmatch(key) or not value:
            raise RuleError(
                Problem(
                    "index_formula_parameter",
                    _l("“%(part)s” is not a parameter: write name=value, such as plan=5959."),
                    part=part.strip(),
                )
            )
        if len(value) > PARAMETER_VALUE_MAX:
            raise RuleError(
                Problem(
                    "index_formula_parameter_long",
                    _l("The parameter %(name)s is longer than %(max)s characters."),
                    name=key,
                    max=PARAMETER_VALUE_MAX,
                )
            )
        parameters[key] = value
    if problem := formulas.formula_problem(name, parameters):
        raise RuleError(problem)
    return name, parameters


def _parts(text: str) -> list[str]:
    return [part.strip() for line in text.splitlines() for part in line.split(";")]


def _level(part: str) -> tuple[str, float] | None:
    """ "Hoàn thành 100 % = 1" → ("Hoàn thành 100 %", 1.0); also "label: 0,5 điểm"."""
    part = _BULLET.sub("", part)
    for separator in ("=", ":"):
        label, sep, value = part.rpartition(separator)
        found = _POINTS.match(value) if sep else None
        if found and label.strip():
            return " ".join(label.split()).rstrip(":"), read_points(found["points"])
    return None


def _levels(text: str, max_points: float) -> list[dict]:
    levels = [level for part in _parts(text) if (level := _level(part)) is not None]
    if len(levels) < 2:
        return []
    for label, points in levels:
        if len(label) > LEVEL_LABEL_MAX:
            raise RuleError(
                Problem(
                    "index_level_label_long",
                    _l("A level's words are at most %(max)s characters."),
                    max=LEVEL_LABEL_MAX,
                )
            )
        if points > max_points + 0.005:
            raise RuleError(
                Problem(
                    "index_level_above_max",
                    _l(
                        "The level “%(label)s” gives %(points)s points, more than the "
                        "maximum %(max)s."
                    ),
                    label=label,
                    points=shown_points(points),
                    max=shown_points(max_points),
                )
            )
    return [{"label": label, "points": as_points(points)} for label, points in levels]


def _step(text: str, max_points: float) -> float | None:
    found = _STEP.search(text)
    if found is None:
        # A maximum the default step misses (0,1; 1,3) takes any points of two decimals.
        return DEFAULT_STEP if _on_step(max_points, DEFAULT_STEP) else None
    step = read_points(found["step"])
    if not step or step <= 0 or step > max_points:
        raise RuleError(
            Problem(
                "index_step_range",
                _l("The step must be more than 0 and at most the maximum %(max)s."),
                max=shown_points(max_points),
            )
        )
    if not _on_step(max_points, step):
        # A maximum off the step could never be given: 1 point in steps of 0,3.
        raise RuleError(
            Problem(
                "index_step_misses_max",
                _l("The maximum %(max)s is not a whole number of steps of %(step)s."),
                max=shown_points(max_points),
                step=shown_points(step),
            )
        )
    return as_points(step)


def _on_step(points: float, step: float) -> bool:
    steps = Decimal(str(points)) / Decimal(str(step))
    return steps == steps.to_integral_value()
