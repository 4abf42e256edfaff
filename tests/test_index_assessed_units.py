"""Which units a year's criteria set assesses: the province's units of its kind on 31/12, those
in one of its groups that day; another province's units, kept for a merger to come, are in
none and stay out of the ranking."""

from datetime import date

from tests.index_support import make_criteria_set
from tracker.reform_index.sets import assessed_units
from tracker.reform_index.totals import ranking


def test_units_in_no_group_that_day_are_not_assessed(db_session, make_unit, make_group):
    ours = make_unit(kind="district", code="DH")
    other = make_unit(kind="district", code="QB1")  # another province's, in no group
    later = make_unit(kind="district", code="LATER")
    make_unit(kind="department", code="SNV")
    closed = make_unit(kind="district", code="OLD", valid_to=date(2021, 6, 30))
    group = make_group([ours, closed], code="HUYEN")
    group.add_member(later, since=date(2022, 1, 1))
    db_session.flush()
    criteria_set = make_criteria_set(year=2021, kind="district")

    assert [u.code for u in assessed_units(criteria_set)] == ["DH"]
    assert [row.unit.code for row in ranking(criteria_set)] == ["DH"]
    assert other not in assessed_units(criteria_set)


def test_without_groups_every_unit_of_the_kind_is_assessed(db_session, make_unit):
    make_unit(kind="department", code="S1")
    make_unit(kind="department", code="S2")
    make_unit(kind="district", code="H1")
    criteria_set = make_criteria_set(year=2021, kind="department")

    assert [u.code for u in assessed_units(criteria_set)] == ["S1", "S2"]
