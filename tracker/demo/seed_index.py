"""The demo's reform index (Chỉ số CCHC): the criteria of 2020 and 2021 for departments and
districts, imported from data/ as `tracker import-criteria` imports them; 2020 appraised,
finalised and published (the year to compare against); 2021 under way: self-assessments sent
(some late, some with explanations for missing evidence), appraisals in progress, one sent back
to its unit with an answer awaiting the appraisers, one draft half done, and Đông Hà's draft
filled in through the self-assessment service for its lead to finish.

Idempotent per year: a year whose department set exists is left alone.
"""

from __future__ import annotations

import random
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from sqlalchemy import select

from tracker.accounts.models import User
from tracker.demo import index_history as history
from tracker.demo.index_criteria import DEMO_SETS, SURVEY_MAX
from tracker.demo.index_scores import survey_points, unit_scores
from tracker.demo.seed_index_2021 import seed_2021
from tracker.extensions import db
from tracker.reform_index.criteria_import import import_criteria
from tracker.reform_index.finalising import finalise
from tracker.reform_index.models import Assessment
from tracker.reform_index.results import publish
from tracker.reform_index.sets import assessed_units, find_set
from tracker.reform_index.survey import read_survey

OFFICE_EMAIL = "vanphong@cchc.demo"
APPRAISER_EMAIL = "appraiser@cchc.demo"
# 2020: sent in January 2021 (two late), appraised in late February, sent to the units on
# 1/3, answers by the window's end, survey points, finalised on 25/3, published on 2/4.
SENT_2020 = date(2021, 1, 6)
LATE_2020 = {"SGTVT": date(2021, 1, 19), "467": date(2021, 1, 18)}
APPRAISED_2020 = date(2021, 2, 22)
SENT_TO_UNITS_2020 = date(2021, 3, 1)
SURVEY_2020 = date(2021, 3, 10)
FINALISED_2020 = date(2021, 3, 25)
PUBLISHED_2020 = date(2021, 4, 2)
# Two pairs of units score alike, so that the ranking shows a shared place.
TWINS_2020 = {"STC": "SCT", "468": "466"}
# (unit, sub-criterion, answer, accepted, the appraisers' reason)
ANSWERS_2020 = [
    (
        "SYT",
        "Đơn vị đã bổ sung văn bản kèm theo; đề nghị tổ thẩm định xem xét lại.",
        True,
        "Chấp nhận: tài liệu bổ sung đủ căn cứ.",
    ),
    (
        "465",
        "Đơn vị giữ nguyên kết quả tự chấm vì đã thực hiện đủ nội dung.",
        False,
        "Không chấp nhận: tài liệu bổ sung không thay đổi kết quả thẩm định.",
    ),
]


def strength(code: str) -> float:
    """How well the unit does: its chance of full points on a sub-criterion."""
    return 0.45 + 0.5 * random.Random(f"strength:{code}").random()


def person(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def leads_by_unit() -> dict[int, User]:
    return {u.unit_id: u for u in db.session.scalars(select(User).where(User.role == "unit_lead"))}


def import_sets(year: int, report) -> dict:
    """The year's sets, imported from the shipped tables as the office imports them."""
    sets = {}
    for spec in (s for s in DEMO_SETS if s.year == year):
        criteria_set = import_criteria(
            None,
            spec.file.read_bytes(),
            spec.file.name,
            year,
            spec.kind,
            name=spec.name,
            decision=spec.decision,
            survey_max=SURVEY_MAX,
            demo=True,
        )
        criteria_set.self_deadline = spec.self_deadline
        criteria_set.answer_days = spec.answer_days
        sets[spec.kind] = criteria_set
        report.add("reform index criteria sets")
    db.session.flush()
    return sets


def survey_table(criteria_set, units) -> bytes:
    """The survey's points per unit, as the office receives them."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã đơn vị", "Tên đơn vị", "Điểm khảo sát"])
    for unit in units:
        twin = TWINS_2020.get(unit.code, unit.code)
        points = survey_points(twin, criteria_set.year, strength(twin), SURVEY_MAX)
        sheet.append([unit.code, unit.name, points])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def seed_2020(criteria_set, office, appraiser, report) -> None:
    units = assessed_units(criteria_set)
    story = history.History(criteria_set, every_line=False)
    leads = leads_by_unit()
    answers = {code: rest for code, *rest in ANSWERS_2020}
    for i, unit in enumerate(units):
        twin = TWINS_2020.get(unit.code, unit.code)
        scores = unit_scores(
            story.leaves, criteria_set.criteria, twin, 2020, strength(twin), seed=f"2020:{twin}"
        )
        sent = LATE_2020.get(unit.code, date.fromordinal(SENT_2020.toordinal() + i % 8))
        lead = leads.get(unit.id)
        assessment = story.self_assess(unit, scores, lead, sent)
        story.submit(assessment, lead, sent)
        story.appraise(assessment, scores, appraiser, APPRAISED_2020)
        story.send_to_unit(assessment, appraiser, SENT_TO_UNITS_2020)
        if unit.code in answers:
            text, accepted, reason = answers[unit.code]
            number = next(s.number for s in scores.values() if s.reason)
            story.answer(assessment, number, text, lead, date(2021, 3, 3))
            story.decide(assessment, number, accepted, reason, appraiser, date(2021, 3, 9))
        report.add("reform index assessments")
    story.write()
    table = survey_table(criteria_set, units)
    result = read_survey(office, table, "khao-sat-xhh-2020.xlsx", 2020, criteria_set.kind)
    if not result.written:
        raise history.DemoIndexError(f"survey 2020 {criteria_set.kind}: {result.problems}")
    history.redate_journal(criteria_set, "survey", SURVEY_2020)
    finalise(office, criteria_set)
    history.redate_journal(criteria_set, "finalise", FINALISED_2020)
    publish(office, criteria_set)
    criteria_set.finalised_on = FINALISED_2020
    criteria_set.published_on = PUBLISHED_2020
    for assessment in db.session.scalars(
        select(Assessment).where(Assessment.set_id == criteria_set.id)
    ):
        assessment.finalised_on = FINALISED_2020
    db.session.flush()


def seed_reform_index(report) -> None:
    """Both years, each unless it is there already."""
    office, appraiser = person(OFFICE_EMAIL), person(APPRAISER_EMAIL)
    if find_set(2020, "department") is None:
        for criteria_set in import_sets(2020, report).values():
            seed_2020(criteria_set, office, appraiser, report)
    if find_set(2021, "department") is None:
        seed_2021(import_sets(2021, report), appraiser, report)
