"""The demo units' points on the reform index criteria, made up deterministically (the same
unit, year and strength give the same points on every run): what a unit gives itself, the
evidence it names, and where the appraisers see it otherwise and why.

A unit's strength is its chance of full points on a sub-criterion; below full it drops a level
or a few steps. Each "choose one" tiêu chí is scored on its first alternative, the others 0.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.reform_index.models import Criterion
from tracker.reform_index.scoring import as_points

# Why appraisers lower a unit's own points, as their notes read.
LOWER_REASONS = (
    "Tài liệu kiểm chứng chưa thể hiện đầy đủ kết quả đơn vị tự chấm.",
    "Số liệu không khớp với báo cáo CCHC năm của đơn vị.",
    "Văn bản ban hành sau thời hạn quy định.",
    "Kết quả kiểm tra của tổ thẩm định chưa đạt mức đơn vị tự chấm.",
)
NO_EVIDENCE_REASON = "Không có tài liệu kiểm chứng; giải trình của đơn vị chưa đủ căn cứ."
NO_EVIDENCE_EXPLANATION = (
    "Văn bản lưu bản giấy tại đơn vị, chưa số hóa kịp; đơn vị sẽ xuất trình khi thẩm định."
)
DOCUMENT_KINDS = (
    ("kế hoạch", "KH"),
    ("báo cáo", "BC"),
    ("quyết định", "QĐ"),
    ("đề án", "ĐA"),
    ("quy chế", "QC"),
    ("thông báo", "TB"),
)
PORTAL = "https://dichvucong.quangtri.gov.vn"


@dataclass
class ItemScore:
    number: str
    self_points: float | None  # None for a computed sub-criterion (the formula fills it in)
    document: tuple[str, date] | None = None  # (number, date) of the evidence named
    link: str | None = None
    explanation: str = ""
    appraised_points: float | None = None
    reason: str = ""


def level_points(criterion: Criterion) -> list[float]:
    """The points a sub-criterion can be given, best first."""
    maximum = float(criterion.max_points)
    if criterion.rule == "levels" and criterion.levels:
        return sorted({float(level["points"]) for level in criterion.levels}, reverse=True)
    step = float(criterion.step or 0.25)
    steps = round(maximum / step)
    return [as_points(maximum - k * step) for k in range(steps + 1)]


def _below(choices: list[float], rng: random.Random) -> float:
    """One or two choices below the best (a level, a few steps)."""
    return choices[min(len(choices) - 1, rng.choice((1, 1, 2)))]


def _document(criterion: Criterion, unit_code: str, year: int, rng) -> tuple[str, date]:
    asked = criterion.evidence_required.lower()
    kind = next((short for word, short in DOCUMENT_KINDS if word in asked), "VB")
    issuer = "UBND" if unit_code.isdigit() else unit_code
    day = date(year, 1, 10) + timedelta(days=rng.randrange(340))
    return f"{rng.randrange(12, 480)}/{kind}-{issuer}", day


def choose_one_alternatives(criteria: list[Criterion]) -> set[int]:
    """The alternatives of each "choose one" tiêu chí other than its first: scored 0."""
    by_parent: dict[int, list[Criterion]] = {}
    chooses = {c.id for c in criteria if c.choose_one}
    for criterion in criteria:
        if criterion.parent_id in chooses:
            by_parent.setdefault(criterion.parent_id, []).append(criterion)
    return {c.id for kids in by_parent.values() for c in sorted(kids, key=lambda c: c.position)[1:]}


def unit_scores(
    leaves: list[Criterion],
    all_criteria: list[Criterion],
    unit_code: str,
    year: int,
    strength: float,
    *,
    seed: str | None = None,
    without_evidence: int = 0,
    lowered: int = 2,
) -> dict[str, ItemScore]:
    """The unit's points on each leaf, by number. `without_evidence` sub-criteria that ask for
    evidence get an explanation instead (and the appraisers take points off them); `lowered`
    others are lowered by the appraisers with a reason."""
    rng = random.Random(seed or f"{year}:{unit_code}")
    skipped = choose_one_alternatives(all_criteria)
    scores: dict[str, ItemScore] = {}
    for criterion in leaves:
        if criterion.rule == "computed":
            scores[criterion.number] = ItemScore(criterion.number, None)
            continue
        choices = level_points(criterion)
        points = 0.0 if criterion.id in skipped else choices[0]
        if criterion.id not in skipped and rng.random() > strength:
            points = _below(choices, rng)
        score = ItemScore(criterion.number, points, appraised_points=points)
        if criterion.evidence_required and points > 0:
            if "cổng dịch vụ công" in criterion.evidence_required.lower():
                score.link = PORTAL
            else:
                score.document = _document(criterion, unit_code, year, rng)
        scores[criterion.number] = score
    _take_off(scores, leaves, rng, without_evidence, lowered)
    return scores


def _take_off(scores, leaves, rng, without_evidence: int, lowered: int) -> None:
    with_evidence = [
        c for c in leaves if scores[c.number].document and scores[c.number].self_points
    ]
    picked = rng.sample(with_evidence, min(without_evidence, len(with_evidence)))
    for criterion in picked:
        score = scores[criterion.number]
        score.document = None
        score.explanation = NO_EVIDENCE_EXPLANATION
        score.appraised_points = _below(level_points(criterion), rng)
        score.reason = NO_EVIDENCE_REASON
    rest = [
        c
        for c in leaves
        if c not in picked
        and scores[c.number].self_points
        and len(level_points(c)) > 1
        and re.match(r"\d", c.number)
    ]
    for criterion in rng.sample(rest, min(lowered, len(rest))):
        score = scores[criterion.number]
        lower = [p for p in level_points(criterion) if p < score.self_points]
        score.appraised_points = lower[0]
        score.reason = rng.choice(LOWER_REASONS)


def survey_points(unit_code: str, year: int, strength: float, survey_max: float) -> float:
    """The sociological survey's points: a share of the maximum near the unit's strength, in
    quarter points."""
    rng = random.Random(f"survey:{year}:{unit_code}")
    share = min(0.95, 0.6 + 0.3 * strength + rng.uniform(-0.04, 0.04))
    return as_points(round(survey_max * share * 4) / 4)
