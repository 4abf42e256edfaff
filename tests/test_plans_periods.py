"""The period box: every way people write a stretch of days, read by one function, and a list
page filtered by one of them."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import api_create_task
from tracker.core.timeutil import DateOutOfRange
from tracker.plans.periods import PeriodReversed, parse_period, quarter_of

Q3_2021 = (date(2021, 7, 1), date(2021, 9, 30))


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("Quý III/2021", Q3_2021),
        ("quý 3/2021", Q3_2021),
        ("QUÝ III NĂM 2021", Q3_2021),
        ("Quý III - 2021", Q3_2021),
        ("quy iii/2021", Q3_2021),
        ("Q3/2021", Q3_2021),
        ("q3/2021", Q3_2021),
        ("2021-Q3", Q3_2021),
        ("2021-q3", Q3_2021),
        ("Quý IV/2021", (date(2021, 10, 1), date(2021, 12, 31))),
        ("Quý I/2024", (date(2024, 1, 1), date(2024, 3, 31))),
        ("6 tháng đầu năm 2021", (date(2021, 1, 1), date(2021, 6, 30))),
        ("6 tháng cuối năm 2021", (date(2021, 7, 1), date(2021, 12, 31))),
        ("6 THANG DAU NAM 2021", (date(2021, 1, 1), date(2021, 6, 30))),
        ("9 tháng đầu năm 2021", (date(2021, 1, 1), date(2021, 9, 30))),
        ("năm 2021", (date(2021, 1, 1), date(2021, 12, 31))),
        ("Năm 2021", (date(2021, 1, 1), date(2021, 12, 31))),
        ("2021", (date(2021, 1, 1), date(2021, 12, 31))),
        ("  2021 ", (date(2021, 1, 1), date(2021, 12, 31))),
        ("Tháng 2/2024", (date(2024, 2, 1), date(2024, 2, 29))),
        ("tháng 9 năm 2021", (date(2021, 9, 1), date(2021, 9, 30))),
        ("9/2021", (date(2021, 9, 1), date(2021, 9, 30))),
        ("2021-09", (date(2021, 9, 1), date(2021, 9, 30))),
        ("01/07/2021..30/09/2021", Q3_2021),
        ("2021-07-01..2021-09-30", Q3_2021),
        ("1/7/2021 .. 30/9/2021", Q3_2021),
    ],
)
def test_a_period_written_as_people_write_it(typed, days):
    assert parse_period(typed) == days


@pytest.mark.parametrize(
    "typed", ["", "quý 5/2021", "Quý V/2021", "Q0/2021", "tháng 13/2021", "13 tháng đầu năm 2021"]
)
def test_what_is_not_a_period_is_refused(typed):
    with pytest.raises(ValueError):
        parse_period(typed)


def test_a_period_outside_the_tracker_years_says_so():
    with pytest.raises(DateOutOfRange):
        parse_period("Quý I/0999")
    with pytest.raises(PeriodReversed):
        parse_period("30/09/2021..01/07/2021")


def test_a_quarter_is_told_apart_from_other_periods():
    assert quarter_of("Quý III/2021") == quarter_of("2021-Q3") == (2021, 3)
    assert quarter_of("2021") is None
    assert quarter_of("6 tháng đầu năm 2021") is None


def test_the_task_list_filters_by_a_quarter_written_in_vietnamese(client, login, workbench, api_as):
    api = api_as(workbench["office"])
    for number, title, due in (
        ("1", "Việc đến hạn quý III", date(2021, 8, 15)),
        ("2", "Việc đến hạn quý IV", date(2021, 11, 15)),
    ):
        assert api_create_task(api, due, number=number, title=title).status_code == 201
    login(workbench["office"])

    page = client.get("/tasks/", query_string={"period": "Quý III/2021"})
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Việc đến hạn quý III" in text and "Việc đến hạn quý IV" not in text
    assert 'value="Quý III/2021"' in text

    refused = client.get("/tasks/", query_string={"period": "quý 5/2021"})
    assert refused.status_code == 422
    assert "không phải là một khoảng thời gian" in refused.get_data(as_text=True)
