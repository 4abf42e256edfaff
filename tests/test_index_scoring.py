"""The reform index's arithmetic: points that fit a sub-criterion, a tree's totals with a
choose-one parent, the index, the ranking with shared ties and the bands."""

import pytest

from tracker.reform_index.models import DEFAULT_BANDS
from tracker.reform_index.scoring import (
    Node,
    band_for,
    grand_total,
    index_of,
    maximum,
    points_problem,
    ranks,
    shown_points,
    tree_totals,
)

# 1 (3 points) = 1.1 (levels 1 / 0,5 / 0) + 1.2 (0–2 by 0,25); 2 (2 points) chooses one of 2.1, 2.2.
TREE = [
    Node(1, None, 3),
    Node(2, 1, 1, rule="levels", levels=(1, 0.5, 0)),
    Node(3, 1, 2, step=0.25),
    Node(4, None, 2, choose_one=True),
    Node(5, 4, 2),
    Node(6, 4, 2),
]


def test_points_within_the_maximum_and_on_the_step_fit():
    assert points_problem(TREE[2], 1.75) is None
    assert points_problem(TREE[2], 0) is None
    assert points_problem(TREE[2], 2) is None


@pytest.mark.parametrize(
    ("points", "code"),
    [(-0.25, "points_out_of_range"), (2.25, "points_out_of_range"), (1.1, "points_off_step")],
)
def test_points_outside_the_rule_are_named(app, points, code):
    with app.test_request_context():
        problem = points_problem(TREE[2], points)
        assert problem.code == code


def test_levels_take_only_their_points(app):
    assert points_problem(TREE[1], 0.5) is None
    with app.test_request_context():
        problem = points_problem(TREE[1], 0.3)
        assert problem.code == "points_not_a_level"
        assert "0; 0,5; 1" in problem.text


def test_a_parent_sums_its_children_and_a_choose_one_parent_takes_the_best():
    totals = tree_totals(TREE, {2: 0.5, 3: 1.75, 5: 1, 6: 2})
    assert totals == {2: 0.5, 3: 1.75, 1: 2.25, 5: 1.0, 6: 2.0, 4: 2.0}
    assert grand_total(TREE, {2: 0.5, 3: 1.75, 5: 1, 6: 2}) == 4.25


def test_unscored_leaves_count_nothing():
    assert grand_total(TREE, {2: 1}) == 1.0
    assert grand_total(TREE, {}) == 0.0


def test_the_maximum_is_the_roots_maxima():
    assert maximum(TREE) == 5.0


def test_the_index_is_total_over_maximum_times_100():
    assert index_of(85.5, 100) == 85.5
    assert index_of(2, 3) == 66.67
    assert index_of(None, 100) is None


def test_ties_share_a_rank_and_the_next_rank_skips():
    assert ranks({"a": 95, "b": 90, "c": 90, "d": 85, "e": None}) == {
        "a": 1,
        "b": 2,
        "c": 2,
        "d": 4,
        "e": None,
    }


@pytest.mark.parametrize(
    ("index", "band"),
    [
        (100, "Tốt"),
        (90, "Tốt"),
        (89.99, "Khá"),
        (80, "Khá"),
        (70, "Trung bình"),
        (69.99, "Yếu"),
        (0, "Yếu"),
        (None, None),
    ],
)
def test_the_default_bands(index, band):
    assert band_for(index, DEFAULT_BANDS) == band


def test_points_are_written_as_the_decisions_write_them():
    assert shown_points(0.25) == "0,25"
    assert shown_points(1.0) == "1"
    assert shown_points(0.5) == "0,5"
