"""The demo's reform index of 2021 as it stands: the self-assessment deadline was 14/01/2022;
some units sent theirs on time, some late, some named no evidence and explained why; the
appraisers are part way through two units, have sent one back (its answer awaits their
decision); one draft is half done; Đông Hà's lead has begun the unit's self-assessment
(through the service, today) and may finish and send it.

Computed sub-criteria (plan 5959's tasks, the quarterly figures) are worked out by the
formulas from the tracker's own data while each assessment is a draft.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from tracker.accounts.models import User
from tracker.demo import index_history as history
from tracker.demo.index_scores import NO_EVIDENCE_EXPLANATION, unit_scores
from tracker.extensions import db
from tracker.reform_index.assessments import open_assessment, save_item
from tracker.reform_index.evidence import EvidenceInput, unit_journal_entries
from tracker.reform_index.formulas import refresh_computed
from tracker.reform_index.sets import leaf_criteria
from tracker.units.models import Unit


@dataclass(frozen=True)
class Story:
    """What one unit's 2021 assessment has come to."""

    unit: str
    submitted: date | None = None  # None: still a draft
    entered: set[str] | None = None  # the lĩnh vực a draft has filled in (None: all)
    without_evidence: int = 0
    appraised: set[str] = field(default_factory=set)  # lĩnh vực appraised so far
    appraised_on: date | None = None
    sent_on: date | None = None  # sent back to the unit
    answer: str = ""


ALL_AREAS = {str(n) for n in range(1, 9)}
STORIES = {
    "department": [
        Story("SNV", date(2022, 1, 12), appraised={"1", "2", "3"}, appraised_on=date(2022, 2, 16)),
        Story(
            "STP",
            date(2022, 1, 10),
            appraised=ALL_AREAS,
            appraised_on=date(2022, 2, 17),
            sent_on=date(2022, 2, 21),
            answer="Sở đã ban hành văn bản đúng thời hạn (bản chụp kèm theo); đề nghị giữ điểm.",
        ),
        Story("SKHDT", date(2022, 1, 18), without_evidence=3),
        Story("STC", date(2022, 1, 13)),
        Story("STTTT", date(2022, 1, 20), without_evidence=1),
        Story("SCT", entered={"1", "2", "3", "4"}),
    ],
    "district": [
        Story(
            "462",
            date(2022, 1, 11),
            appraised={"1", "2", "3", "4", "5"},
            appraised_on=date(2022, 2, 18),
        ),
        Story("464", date(2022, 1, 17), without_evidence=2),
        Story("466", date(2022, 1, 14)),
    ],
}
ENTERED_DAYS_BEFORE = 3
# Đông Hà's draft, begun by its lead: the sub-criteria of these tiêu chí, with evidence or an
# explanation (a save each, through the service: a few only, to keep the seed quick).
DONG_HA = "461"
DONG_HA_BEGUN = ("1.1", "1.2", "1.3")
# "Số lượng báo cáo CCHC": its evidence, the unit's figures of each quarter in the tracker.
PERIODIC_REPORTS = "1.2.1"
FIGURES_SET = "CCHC_QUY"


def area(number: str) -> str:
    return number.split(".", 1)[0]


def numbers_in(leaves, areas: set[str] | None) -> set[str] | None:
    if areas is None:
        return None
    return {c.number for c in leaves if area(c.number) in areas}


def people_of(unit: Unit) -> tuple[User | None, User | None]:
    """The unit's lead (who submits) and the person who typed its points (staff if any)."""
    users = list(db.session.scalars(select(User).where(User.unit_id == unit.id)))
    lead = next((u for u in users if u.role == "unit_lead"), None)
    staff = next((u for u in users if u.role == "unit_member"), lead)
    return lead, staff


def tell(written: history.History, story: Story, appraiser) -> None:
    unit = db.session.scalar(select(Unit).where(Unit.code == story.unit))
    leaves = written.leaves
    strength = 0.5 + 0.45 * random.Random(f"strength:2021:{unit.code}").random()
    scores = unit_scores(
        leaves,
        written.set.criteria,
        unit.code,
        2021,
        strength,
        without_evidence=story.without_evidence,
    )
    lead, staff = people_of(unit)
    day = story.submitted or date(2022, 1, 11)
    entered = date.fromordinal(day.toordinal() - ENTERED_DAYS_BEFORE)
    assessment = written.self_assess(
        unit, scores, staff, entered, numbers=numbers_in(leaves, story.entered)
    )
    refresh_computed(assessment)
    if story.submitted is None:
        return
    written.submit(assessment, lead, story.submitted)
    if story.appraised:
        written.appraise(
            assessment,
            scores,
            appraiser,
            story.appraised_on,
            numbers=numbers_in(leaves, story.appraised),
        )
    if story.sent_on:
        written.send_to_unit(assessment, appraiser, story.sent_on)
    if story.answer:
        number = next(s.number for s in scores.values() if s.reason)
        answered = date.fromordinal(story.sent_on.toordinal() + 2)
        written.answer(assessment, number, story.answer, lead, answered)


def begin_dong_ha(criteria_set) -> None:
    """Đông Hà's lead opens the self-assessment and fills in its first tiêu chí through the
    service, as the page does: its quarterly reports from its own work in the tracker, a
    document's number elsewhere, and on the last one an explanation instead."""
    unit = db.session.scalar(select(Unit).where(Unit.code == DONG_HA))
    lead, _staff = people_of(unit)
    if lead is None:
        return
    leaves = leaf_criteria(criteria_set)
    scores = unit_scores(leaves, criteria_set.criteria, DONG_HA, 2021, 0.8, lowered=0)
    begun = [
        c
        for c in leaves
        if c.number.startswith(tuple(f"{n}." for n in DONG_HA_BEGUN))
        and scores[c.number].self_points is not None
    ]
    assessment = open_assessment(lead, criteria_set, unit)
    # The unit's quarterly figures, sent through the tracker, are its periodic reports.
    reports = [
        entry
        for entry in unit_journal_entries(unit, year=2021)
        if (entry.evidence_document_number or "").startswith(FIGURES_SET)
    ]
    explained = [c for c in begun if scores[c.number].document][-1]
    for criterion in begun:
        score = scores[criterion.number]
        evidence, explanation = [], ""
        if criterion is explained:
            explanation = NO_EVIDENCE_EXPLANATION
        elif score.document and criterion.number == PERIODIC_REPORTS and reports:
            evidence = [EvidenceInput(kind="journal", journal_entry_id=e.id) for e in reports]
        elif score.document:
            number, issued = score.document
            evidence.append(
                EvidenceInput(kind="document", document_number=number, document_date=issued)
            )
        item = next(i for i in assessment.items if i.criterion_id == criterion.id)
        save_item(
            lead,
            assessment,
            criterion.number,
            score.self_points,
            evidence,
            explanation,
            item.version,
        )


def seed_2021(sets: dict, appraiser, report) -> None:
    for kind, stories in STORIES.items():
        written = history.History(sets[kind])
        for story in stories:
            tell(written, story, appraiser)
            report.add("reform index assessments")
        written.write()
    begin_dong_ha(sets["district"])
    report.add("reform index assessments")
