"""The deadline-phrase parser: every form that plans write, and what it refuses."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from flask_babel import force_locale

from tracker.imports.deadline_phrases import DeadlineError, ParsedDeadline, parse_deadline


@pytest.mark.parametrize(
    ("phrase", "due"),
    [
        # The forms of DOMAIN.md
        ("Tháng 3/2021", date(2021, 3, 31)),
        ("Tháng 2/2024", date(2024, 2, 29)),
        ("Quý II/2021", date(2021, 6, 30)),
        ("Quý I/2021", date(2021, 3, 31)),
        ("Quý IV/2021", date(2021, 12, 31)),
        ("6 tháng đầu năm", date(2021, 6, 30)),
        ("6 tháng đầu năm 2022", date(2022, 6, 30)),
        ("6 tháng cuối năm", date(2021, 12, 31)),
        ("9 tháng đầu năm", date(2021, 9, 30)),
        ("Trước ngày 15/12/2021", date(2021, 12, 15)),
        ("Năm 2021", date(2021, 12, 31)),
        ("Cả năm", date(2021, 12, 31)),
        ("Trong năm 2022", date(2022, 12, 31)),
        ("Tháng 10 và tháng 11/2021", date(2021, 11, 30)),
        ("Tháng 10, 11/2021", date(2021, 11, 30)),
        ("Tháng 10-11/2021", date(2021, 11, 30)),
        ("Quý III, IV/2021", date(2021, 12, 31)),
        ("Quý III và IV/2021", date(2021, 12, 31)),
        ("Quý I - II/2021", date(2021, 6, 30)),
        # Arabic quarters, words around the phrase, other spellings
        ("Quý 2/2021", date(2021, 6, 30)),
        ("Quý 3 năm 2021", date(2021, 9, 30)),
        ("Quý I-2022", date(2022, 3, 31)),
        ("Trong quý III", date(2021, 9, 30)),
        ("Tháng 12 năm 2021", date(2021, 12, 31)),
        ("Trong tháng 5/2021", date(2021, 5, 31)),
        ("12/2021", date(2021, 12, 31)),
        ("Hằng năm", date(2021, 12, 31)),
        ("2022", date(2022, 12, 31)),
        # Day-first dates
        ("30/6/2021", date(2021, 6, 30)),
        ("30-6-2021", date(2021, 6, 30)),
        ("30.6.2021", date(2021, 6, 30)),
        ("30/06/21", date(2021, 6, 30)),
        ("Ngày 30/6/2021.", date(2021, 6, 30)),
        ("Trước 15/12/2021", date(2021, 12, 15)),
        ("Từ 01/3/2021 đến 30/6/2021", date(2021, 6, 30)),
        ("Trước ngày 15 tháng 12 năm 2021", date(2021, 12, 15)),
        # Without a year: the plan's
        ("Tháng 3", date(2021, 3, 31)),
        ("Quý II", date(2021, 6, 30)),
        ("Trước 15/12", date(2021, 12, 15)),
        ("Trước ngày 15-12", date(2021, 12, 15)),
        # Whatever the case and diacritics
        ("QUÝ II/2021", date(2021, 6, 30)),
        ("quy ii/2021", date(2021, 6, 30)),
        ("thang 3/2021", date(2021, 3, 31)),
        ("TRƯỚC NGÀY 15/12/2021", date(2021, 12, 15)),
        ("  Tháng   3 / 2021 ", date(2021, 3, 31)),
    ],
)
def test_phrase_gives_a_due_date(phrase, due):
    assert parse_deadline(phrase, 2021) == ParsedDeadline(due_date=due)


@pytest.mark.parametrize(
    ("phrase", "recurrence"),
    [
        ("Thường xuyên", "continuous"),
        ("thuong xuyen", "continuous"),
        ("THƯỜNG XUYÊN", "continuous"),
        ("Hằng quý", "quarterly"),
        ("Hàng quý", "quarterly"),
        ("Định kỳ hằng quý", "quarterly"),
        ("Thường xuyên; báo cáo hằng quý", "quarterly"),
    ],
)
def test_recurring_phrase_gives_a_recurrence_and_no_date(phrase, recurrence):
    assert parse_deadline(phrase, 2021) == ParsedDeadline(recurrence=recurrence)


@pytest.mark.parametrize(
    ("cell", "due"),
    [
        (date(2021, 6, 30), date(2021, 6, 30)),
        (datetime(2021, 6, 30, 0, 0), date(2021, 6, 30)),
        (2022, date(2022, 12, 31)),
    ],
)
def test_spreadsheet_cells_are_dates_too(cell, due):
    assert parse_deadline(cell, None) == ParsedDeadline(due_date=due)


def test_the_year_in_the_phrase_wins_over_the_plans():
    assert parse_deadline("Quý II/2022", 2021).due_date == date(2022, 6, 30)


@pytest.mark.parametrize(
    ("phrase", "code", "params"),
    [
        ("", "deadline_empty", {}),
        ("Sớm", "deadline_unreadable", {"value": "Sớm"}),
        ("Theo tiến độ", "deadline_unreadable", {"value": "Theo tiến độ"}),
        ("Tháng 13/2021", "deadline_no_such_month", {"value": "Tháng 13/2021", "month": 13}),
        ("Quý V/2021", "deadline_no_such_quarter", {"value": "Quý V/2021", "quarter": "V"}),
        ("Quý 5/2021", "deadline_no_such_quarter", {"value": "Quý 5/2021", "quarter": "5"}),
        ("31/6/2021", "deadline_not_a_date", {"value": "31/6/2021"}),
        ("Hằng tuần", "deadline_too_frequent", {"value": "Hằng tuần"}),
        (3.5, "deadline_is_a_number", {"value": 3.5}),
    ],
)
def test_unreadable_phrase_is_refused_with_a_named_problem(phrase, code, params):
    with pytest.raises(DeadlineError) as refused:
        parse_deadline(phrase, 2021)
    problem = refused.value.problem
    assert problem.code == code
    assert {k: v for k, v in problem.params.items() if k != "examples"} == params
    assert isinstance(refused.value, ValueError)


def test_phrase_without_a_year_needs_the_plans_year():
    with pytest.raises(DeadlineError) as refused:
        parse_deadline("Quý II", None)
    assert refused.value.problem.code == "deadline_without_year"


def test_a_refused_phrase_reads_in_the_readers_language(app):
    with pytest.raises(DeadlineError) as refused:
        parse_deadline("Tháng 13/2021", 2021)
    with app.test_request_context("/"):
        assert str(refused.value) == "“Tháng 13/2021”: không có tháng 13."
        with force_locale("en"):
            assert str(refused.value) == "“Tháng 13/2021”: there is no month 13."


@pytest.mark.parametrize(
    ("phrase", "recurrence", "rule"),
    [
        ("Hằng quý, trước ngày 15 tháng cuối quý", "quarterly", ("day_of_last_month", 15, False)),
        (
            "Hằng quý (trước ngày 15 của tháng cuối quý)",
            "quarterly",
            ("day_of_last_month", 15, False),
        ),
        ("Hằng tháng (trước ngày 20)", "monthly", ("day_of_last_month", 20, False)),
        ("Ngày 20 hằng tháng", "monthly", ("day_of_last_month", 20, False)),
        ("Hàng tháng", "monthly", None),
        ("Báo cáo 6 tháng, năm", "six_monthly", None),
        ("Định kỳ 6 tháng", "six_monthly", None),
        ("Báo cáo quý, 6 tháng, năm", "quarterly", None),
        ("Định kỳ hằng quý", "quarterly", None),
        ("Hằng quý", "quarterly", None),
        ("Thường xuyên", "continuous", None),
        (
            "Hằng quý, trong 5 ngày làm việc sau khi kết thúc quý",
            "quarterly",
            ("days_after_end", 5, True),
        ),
        ("Trong 10 ngày sau khi kết thúc quý", "quarterly", ("days_after_end", 10, False)),
        ("Hằng tháng, trước ngày 5 tháng sau", "monthly", ("day_of_next_period", 5, False)),
        ("Hằng quý, trước ngày 5 tháng đầu quý sau", "quarterly", ("day_of_next_period", 5, False)),
    ],
)
def test_a_recurring_duty_gives_its_recurrence_and_its_rule(phrase, recurrence, rule):
    from tracker.core.recurrence import DueRule

    expected = DueRule(*rule) if rule else None
    assert parse_deadline(phrase, 2021) == ParsedDeadline(recurrence=recurrence, rule=expected)


def test_a_rules_day_past_31_is_refused():
    with pytest.raises(DeadlineError) as refused:
        parse_deadline("Hằng quý, trước ngày 45 tháng cuối quý", 2021)
    assert refused.value.problem.code == "deadline_no_such_day"
