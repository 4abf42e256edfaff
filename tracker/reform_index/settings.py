"""The office's settings of a year's set: its name and decision, the day units submit by, the
days a unit has to answer the appraisal, the survey's maximum and the bands of the ranking.

Bands are written one a line, "Tốt: 90" (a label, then the lowest index it takes); the lowest
band starts at 0, so that every index has one. Settings change while the set is open; the
survey's maximum never below points already imported."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from tracker.audit.services import record
from tracker.core.exceptions import Conflict, Forbidden, ValidationFailed, require
from tracker.core.permissions import can
from tracker.core.problems import Problem, changed_meanwhile, required, too_long
from tracker.core.text import text_problem
from tracker.core.transactions import stale_is_conflict
from tracker.extensions import db
from tracker.reform_index.criteria_import import DECISION_MAX, NAME_MAX, SURVEY_MAX_LIMIT
from tracker.reform_index.models import Assessment, CriteriaSet
from tracker.reform_index.rules import read_points
from tracker.reform_index.scoring import shown_points

ANSWER_DAYS_MAX = 90
BAND_LABEL_MAX = 40
_BAND = re.compile(r"^(?P<label>.+?)\s*(?::|=|≥|>=)\s*(?P<min>\d+(?:[.,]\d+)?)\s*%?$")


@dataclass
class Settings:
    name: str
    decision: str
    self_deadline: date | None
    answer_days: int | None
    survey_max: float | None
    bands: list[dict]


def bands_text(bands) -> str:
    """The bands as the form shows them, highest first: "Tốt: 90"."""
    ordered = sorted(bands or (), key=lambda band: -float(band["min"]))
    return "\n".join(f"{band['label']}: {shown_points(float(band['min']))}" for band in ordered)


def read_bands(text: str) -> list[dict] | Problem:
    """ "Tốt: 90\\nKhá: 80\\n…" → [{"label": "Tốt", "min": 90.0}, …], highest first."""
    bands = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        found = _BAND.match(line.strip())
        low = read_points(found["min"]) if found else None
        if found is None or low is None or low > 100:
            return Problem(
                "index_band_form",
                _l(
                    "“%(line)s” is not a band: write its label and lowest index, such as “Khá: 80”."
                ),
                line=line.strip(),
            )
        label = " ".join(found["label"].split())
        if len(label) > BAND_LABEL_MAX:
            return too_long(BAND_LABEL_MAX)
        bands.append({"label": label, "min": low})
    if not bands:
        return required()
    labels = [band["label"].casefold() for band in bands]
    lows = [band["min"] for band in bands]
    if len(set(labels)) < len(labels) or len(set(lows)) < len(lows):
        return Problem(
            "index_bands_twice",
            _l("Give each band its own label and its own lowest index."),
        )
    if min(lows) != 0:
        return Problem(
            "index_bands_from_zero",
            _l("The lowest band starts at 0, so that every index has a band."),
        )
    return sorted(bands, key=lambda band: -band["min"])


def update_settings(actor, criteria_set: CriteriaSet, settings: Settings, version) -> None:
    if not can(actor, "manage_index"):
        raise Forbidden(Problem("index_office_only", _l("Only the provincial office can do this.")))
    if version is not None and version != criteria_set.version:
        raise Conflict(changed_meanwhile())
    if criteria_set.state != "open":
        raise ValidationFailed(
            Problem(
                "index_set_closed",
                _l("The set is finalised: its settings no longer change."),
            )
        )
    errors: dict[str, Problem] = {}
    name = " ".join((settings.name or "").split())
    decision = " ".join((settings.decision or "").split())
    for field, text, limit in (("name", name, NAME_MAX), ("decision", decision, DECISION_MAX)):
        if problem := text_problem(text, multiline=False):
            errors[field] = problem
        elif len(text) > limit:
            errors[field] = too_long(limit)
    if not name and "name" not in errors:
        errors["name"] = required()
    if settings.answer_days is None or not 1 <= settings.answer_days <= ANSWER_DAYS_MAX:
        errors["answer_days"] = Problem(
            "out_of_range",
            _l("Give a whole number from %(min)s to %(max)s."),
            min=1,
            max=ANSWER_DAYS_MAX,
        )
    errors.update(_survey_problem(criteria_set, settings.survey_max))
    bands = read_bands_list(settings.bands)
    if isinstance(bands, Problem):
        errors["bands"] = bands
    require(errors)
    before = _shown(criteria_set)
    criteria_set.name, criteria_set.decision = name, decision
    criteria_set.self_deadline = settings.self_deadline
    criteria_set.answer_days = settings.answer_days
    criteria_set.survey_max = settings.survey_max
    criteria_set.bands = bands
    after = _shown(criteria_set)
    if before == after:
        return
    with stale_is_conflict():
        db.session.flush()
        record(
            "index_settings_changed",
            actor,
            criteria_set,
            year=criteria_set.year,
            kind=criteria_set.kind,
            before={k: v for k, v in before.items() if after[k] != v},
            after={k: v for k, v in after.items() if before[k] != v},
        )
        db.session.commit()


def read_bands_list(bands) -> list[dict] | Problem:
    """Bands given as text (the form's lines) or as a list (the API's)."""
    if isinstance(bands, str):
        return read_bands(bands)
    return read_bands(bands_text(bands or ()))


def _survey_problem(criteria_set: CriteriaSet, survey_max) -> dict[str, Problem]:
    if survey_max is None or not 0 <= survey_max <= SURVEY_MAX_LIMIT:
        return {
            "survey_max": Problem(
                "index_survey_max",
                _l("The survey's points are from 0 to %(limit)s."),
                limit=SURVEY_MAX_LIMIT,
            )
        }
    highest = db.session.scalar(
        select(func.max(Assessment.survey_points)).where(Assessment.set_id == criteria_set.id)
    )
    if highest is not None and float(highest) > survey_max:
        return {
            "survey_max": Problem(
                "index_survey_max_below_points",
                _l("A unit has %(points)s survey points already: the maximum is at least that."),
                points=shown_points(float(highest)),
            )
        }
    return {}


def _shown(criteria_set: CriteriaSet) -> dict:
    return {
        "name": criteria_set.name,
        "decision": criteria_set.decision,
        "self_deadline": None
        if criteria_set.self_deadline is None
        else criteria_set.self_deadline.isoformat(),
        "answer_days": criteria_set.answer_days,
        "survey_max": float(criteria_set.survey_max or 0),
        "bands": bands_text(criteria_set.bands),
    }
