"""Unit names as people read them (#15, point 7): the official spelling of communes, and the
district beside a commune name that another commune also bears."""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from types import SimpleNamespace

from tracker.extensions import db
from tracker.units.districts import district_on
from tracker.units.lifecycle import names_on, rename_unit
from tracker.units.names import display_name, names_that_repeat, unit_label


def test_a_repeated_name_gets_its_district_and_a_unique_one_does_not():
    assert display_name("Phường 1", "TP Đông Hà", repeated=True) == "Phường 1 (TP Đông Hà)"
    assert display_name("Xã Vĩnh Thái", "Vĩnh Linh", repeated=False) == "Xã Vĩnh Thái"
    assert display_name("Sở Nội vụ", None, repeated=True) == "Sở Nội vụ"


def test_names_repeat_whatever_their_case_or_unicode_form():
    decomposed = unicodedata.normalize("NFD", "Phường 1")
    repeated = names_that_repeat(["Phường 1", decomposed, "phường 2", "Phường 2", "Xã Vĩnh Thái"])
    assert repeated == {"phường 1", "phường 2"}


def test_the_demo_communes_keep_their_official_spelling():
    from tracker.demo.units import communes

    short_names = {short for _code, _name, short, _district in communes()}
    assert {"Xã Vĩnh Thái", "Thị trấn Hồ Xá", "Phường Đông Giang"} <= short_names
    names = {name for _code, name, _short, _district in communes()}
    assert "UBND xã Vĩnh Thái" in names and "UBND thị trấn Hồ Xá" in names


def test_lists_and_pickers_name_repeated_communes_with_their_district(app_ctx, make_unit):
    from tracker.units.names import unit_label
    from tracker.units.picker import owner_choices

    dong_ha = make_unit(
        kind="district", code="D461", name="UBND thành phố Đông Hà", short_name="TP Đông Hà"
    )
    quang_tri = make_unit(
        kind="district", code="D462", name="UBND thị xã Quảng Trị", short_name="TX Quảng Trị"
    )
    first = make_unit(
        kind="commune", code="C1", name="UBND phường 1", short_name="Phường 1", parent=dong_ha
    )
    second = make_unit(
        kind="commune", code="C2", name="UBND phường 1", short_name="Phường 1", parent=quang_tri
    )
    alone = make_unit(
        kind="commune",
        code="C3",
        name="UBND phường Đông Lễ",
        short_name="Phường Đông Lễ",
        parent=dong_ha,
    )
    assert unit_label(first) == "Phường 1 (TP Đông Hà)"
    assert unit_label(second, full=True) == "UBND phường 1 (TX Quảng Trị)"
    assert unit_label(alone) == "Phường Đông Lễ"
    assert unit_label(dong_ha) == "TP Đông Hà"
    # The status rows keep plain values of a unit, with no relationship to follow.
    plain = SimpleNamespace(id=second.id, kind="commune", name=second.name, short_name="Phường 1")
    assert unit_label(plain) == "Phường 1 (TX Quảng Trị)"

    headings = list(owner_choices())
    assert headings[0] == "Nhóm đơn vị"  # the groups come first
    communes = dict(
        (value, (label, extra)) for value, label, extra in owner_choices()["UBND cấp xã"]
    )
    assert communes["C1"][0] == "Phường 1 (TP Đông Hà)"
    # Found by the other ways it is written too (the picker searches these words).
    assert "UBND phường 1" in json.loads(communes["C1"][1]["data-data"])["also"]


CLOSED = date(2025, 6, 30)  # the districts' last day
MERGED = date(2025, 7, 1)
DAY_2021 = date(2021, 9, 30)


def as_of(unit, day: date) -> SimpleNamespace:
    """A unit as a status row of `day` keeps it: plain values, the name of that day."""
    name, short_name = names_on([unit.id], day).get(unit.id, (unit.name, unit.short_name))
    return SimpleNamespace(id=unit.id, kind=unit.kind, name=name, short_name=short_name)


def test_past_days_name_communes_with_the_districts_they_had(app_ctx, make_unit):
    """The 2025 reorganisation closes the districts: a commune keeps its district for the days
    before (Phường 1 of 2021 still reads "(TP Đông Hà)"), and has none from then on."""
    dong_ha = make_unit(kind="district", code="D461", short_name="TP Đông Hà", valid_to=CLOSED)
    quang_tri = make_unit(kind="district", code="D462", short_name="TX Quảng Trị", valid_to=CLOSED)
    # Goes on, renamed: the ward of the new province.
    going_on = make_unit(
        kind="commune", code="C1", name="UBND phường 1", short_name="Phường 1", parent=dong_ha
    )
    rename_unit(going_on, "UBND phường Đông Hà", "Phường Đông Hà", MERGED)
    # Closed with its district.
    closed = make_unit(
        kind="commune",
        code="C2",
        name="UBND phường 1",
        short_name="Phường 1",
        parent=quang_tri,
        valid_to=CLOSED,
    )
    # A commune of before whose name a commune of 2025 bears.
    old_namesake = make_unit(
        kind="commune",
        code="C3",
        name="UBND phường Đông Lễ",
        short_name="Phường Đông Lễ",
        parent=dong_ha,
        valid_to=CLOSED,
    )
    new_namesake = make_unit(
        kind="commune",
        code="C4",
        name="UBND phường Đông Lễ",
        short_name="Phường Đông Lễ",
        valid_from=MERGED,
    )
    db.session.flush()

    # A day of 2021: the communes of that day, named as then, with their districts.
    assert unit_label(as_of(going_on, DAY_2021), True, DAY_2021) == "UBND phường 1 (TP Đông Hà)"
    assert unit_label(as_of(closed, DAY_2021), True, DAY_2021) == "UBND phường 1 (TX Quảng Trị)"
    assert unit_label(as_of(old_namesake, DAY_2021), on=DAY_2021) == "Phường Đông Lễ"
    assert district_on(going_on, DAY_2021) == dong_ha

    # Today: no district closed by then beside an open commune; a closed one keeps its own.
    assert district_on(going_on) is None and district_on(going_on, MERGED) is None
    assert district_on(closed) == quang_tri and district_on(new_namesake) is None
    assert unit_label(going_on) == "Phường Đông Hà"
    assert unit_label(closed) == "Phường 1"  # no other commune is called so today
    assert unit_label(old_namesake) == "Phường Đông Lễ (TP Đông Hà)"
    assert unit_label(new_namesake) == "Phường Đông Lễ"
    assert unit_label(as_of(going_on, MERGED), on=MERGED) == "Phường Đông Hà"
