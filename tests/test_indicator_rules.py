"""The rules of periodic figures (#18), each tested directly: the checks as written, a value of
each kind, numbers as typed in Vietnamese, the province's totals by sum and by ratio, targets."""

# ruff: noqa: E501  (tables of cases read best one a line)
from __future__ import annotations

from types import SimpleNamespace

import pytest

from tracker.indicators.rules import (
    ExpressionError,
    check_holds,
    meets_target,
    parse_expression,
    province_totals,
    ratio,
    read_number,
    unit_values,
    value_problem,
)


def indicator(code="X", kind="count", combine="sum", numerator=None, denominator=None, **rest):
    return SimpleNamespace(
        code=code,
        kind=kind,
        combine=combine,
        numerator_code=numerator,
        denominator_code=denominator,
        computed=combine == "ratio",
        target_operator=rest.get("operator"),
        target_value=rest.get("value"),
    )


@pytest.mark.parametrize(
    ("text", "codes", "operators"),
    [
        ("GQ_DUNG_HAN + GQ_QUA_HAN = DA_GIAI_QUYET", [{"GQ_DUNG_HAN", "GQ_QUA_HAN"}, {"DA_GIAI_QUYET"}], ["="]),
        ("a+b<=c", [{"A", "B"}, {"C"}], ["<="]),
        ("DA = TRONG + QUA <= TIEP + KY_TRUOC", [{"DA"}, {"TRONG", "QUA"}, {"TIEP", "KY_TRUOC"}], ["=", "<="]),
        ("X ≥ 0", [{"X"}, set()], [">="]),
        ("-X < 5", [{"X"}, set()], ["<"]),
        ("X > Y - 2", [{"X"}, {"Y"}], [">"]),
    ],
)  # fmt: skip
def test_parse_expression_reads_chains_of_sums(text, codes, operators):
    sides, ops = parse_expression(text)
    assert [side.codes() for side in sides] == codes
    assert ops == operators


def test_parse_expression_keeps_signs_and_numbers():
    sides, _ops = parse_expression("A - B + 2.5 = - C - -D")
    assert sides[0].terms == ((1, "A"), (-1, "B"), (1, 2.5))
    assert sides[1].terms == ((-1, "C"), (1, "D"))  # signs in a row multiply


@pytest.mark.parametrize(
    "text",
    [
        "",
        "A",
        "A +",
        "= A",
        "A = ",
        "A B = C",
        "A == B",
        "A => B",
        "A ≠ B",
        "A = B +",
        "2A = B",
        "A = 1e3",
    ],
)
def test_parse_expression_refuses_what_is_not_a_check(text):
    with pytest.raises(ExpressionError):
        parse_expression(text)


def test_check_holds_every_link_of_the_chain():
    check = "DA = DUNG + QUA <= TIEP + KY"
    assert check_holds(check, {"DA": 10, "DUNG": 8, "QUA": 2, "TIEP": 9, "KY": 1})
    assert not check_holds(check, {"DA": 10, "DUNG": 8, "QUA": 2, "TIEP": 8, "KY": 1})
    assert not check_holds(check, {"DA": 11, "DUNG": 8, "QUA": 2, "TIEP": 20, "KY": 1})
    # A figure missing (a draft): the check is not failed.
    assert check_holds(check, {"DA": 11, "DUNG": 8, "QUA": 2})
    with pytest.raises(ExpressionError):
        check_holds("A = B * 2", {"A": 1, "B": 2})
    assert check_holds("TL >= 98", {"TL": 98.0}) and not check_holds("TL > 98", {"TL": 98})
    assert check_holds(
        "A + B = C", {"A": 0.1, "B": 0.2, "C": 0.3}
    )  # rounded, not 0.30000000000000004


@pytest.mark.parametrize(
    ("kind", "raw", "value", "code"),
    [
        ("count", 12, 12.0, None),
        ("count", "104.671", 104671.0, None),
        ("count", "104 671", 104671.0, None),
        ("count", "1.000", 1000.0, None),
        ("count", "", None, None),
        ("count", None, None, None),
        ("count", "-1", None, "not_a_count"),
        ("count", "2,5", None, "not_a_count"),
        ("count", 10**13, None, "too_large"),
        ("count", "nan", None, "not_a_number"),
        ("count", "1e3", None, "not_a_number"),
        ("count", "1_000", None, "not_a_number"),
        ("count", float("inf"), None, "not_a_number"),
        ("count", "mười", None, "not_a_number"),
        ("percent", "0,56", 0.56, None),
        ("percent", "98,567", 98.57, None),
        ("percent", "98.5", 98.5, None),
        (
            "percent",
            "98.567",
            None,
            "not_a_percentage",
        ),  # 98 567 in Vietnamese: refused, not misread
        ("percent", 100, 100.0, None),
        ("percent", "100,5", None, "not_a_percentage"),
        ("percent", -0.1, None, "not_a_percentage"),
        ("yes_no", True, 1.0, None),
        ("yes_no", 0, 0.0, None),
        ("yes_no", "Có", 1.0, None),
        ("yes_no", "không", 0.0, None),
        ("yes_no", 2, None, "not_yes_no"),
    ],
)
def test_value_problem_per_kind(kind, raw, value, code):
    number, problem = value_problem(indicator(kind=kind), raw)
    assert number == value
    assert (problem.code if problem else None) == code


def test_read_number_reads_vietnamese_and_program_numbers():
    assert read_number("1.234,5") == 1234.5
    assert read_number("12.34") == 12.34  # not groups of three: a decimal point
    assert read_number("0.500") == 0.5  # a group never starts with 0
    assert read_number(7) == 7.0
    with pytest.raises(ValueError):
        read_number("1,234.5")


RATE = indicator("TL", kind="percent", combine="ratio", numerator="DUNG", denominator="DA")
SET = [indicator("DA"), indicator("DUNG"), indicator("CO", kind="yes_no"), RATE]


def test_unit_values_fill_the_units_own_ratio():
    assert unit_values(SET, {"DA": 200, "DUNG": 199})["TL"] == 99.5
    assert unit_values(SET, {"DA": 0, "DUNG": 0})["TL"] is None
    assert unit_values(SET, {"DA": 10, "TL": 50})["TL"] is None  # typed over: computed wins
    assert ratio(1, 3) == 33.33 and ratio(None, 3) is None and ratio(1, 0) is None


def test_province_totals_by_sum_and_by_ratio():
    units = [
        {"DA": 100, "DUNG": 99, "CO": 1, "TL": 99.0},
        {"DA": 900, "DUNG": 801, "CO": 0, "TL": 89.0},
        {"DA": None, "DUNG": None, "CO": 1},
    ]
    totals = province_totals(SET, units)
    assert totals["DA"] == 1000 and totals["DUNG"] == 900 and totals["CO"] == 2
    # The ratio of the sums (90 %), not the mean of the units' ratios (94 %).
    assert totals["TL"] == 90.0
    assert province_totals(SET, []) == {"DA": None, "DUNG": None, "CO": None, "TL": None}


def test_the_seed_reports_late_share_is_a_ratio_of_sums():
    late = indicator(
        "TL_QUA_HAN", kind="percent", combine="ratio", numerator="QH", denominator="DA"
    )
    totals = province_totals([indicator("DA"), indicator("QH"), late], [
        {"DA": 100151 - 533, "QH": 0},
        {"DA": 533 + 4520, "QH": 533 + 56},
    ])  # fmt: skip
    assert totals["DA"] == 104671 and totals["TL_QUA_HAN"] == 0.56


@pytest.mark.parametrize(
    ("operator", "target", "value", "met"),
    [
        (">=", 98, 98.0, True),
        (">=", 98, 97.99, False),
        ("<=", 500, 533, False),
        ("<=", 500, 0, True),
        ("=", 1, 1.0, True),
        ("=", 1, 0, False),
        (">=", 98, None, None),
        (None, None, 50, None),
    ],
)
def test_meets_target(operator, target, value, met):
    assert meets_target(indicator(operator=operator, value=target), value) is met
