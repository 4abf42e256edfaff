"""`reorganise` (#17): a reorganisation table applied as one operation: mergers (into a new
code, or keeping one), absorption, rename, split with a successor chosen per assignment,
dissolution with and without a successor, founding; open work moves, done work stays; the same
table applied twice changes nothing the second time."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from tests.reorganise_support import (
    DECISION,
    EFFECTIVE,
    build_province,
    give_task,
    row,
    table,
)
from tracker.assignments.history import periods_of
from tracker.assignments.models import JournalEntry
from tracker.extensions import db
from tracker.reorganisations.services import reorganise
from tracker.units.districts import district_on
from tracker.units.lifecycle import day_before, lineage, names_on
from tracker.units.models import Reorganisation, Unit, UnitLink


@pytest.fixture
def province(app_ctx, make_unit, make_user, make_plan, make_group):
    return build_province(make_unit, make_user, make_plan, make_group)


def unit(code: str) -> Unit:
    return db.session.scalar(select(Unit).where(Unit.code == code))


def unit_as_of(assignment_id: int, day: date) -> int | None:
    for period in periods_of([assignment_id])[assignment_id]:
        if period.valid_from <= day and (period.valid_to is None or day < period.valid_to):
            return period.unit_id
    return None


def apply_twice(data: bytes):
    first = reorganise(data, "sap-xep.csv")
    assert first.problems == [], [str(p) for p in first.problems]
    assert first.applied and not first.nothing_to_change
    second = reorganise(data, "sap-xep.csv")
    assert second.problems == []
    assert not second.applied and second.nothing_to_change
    assert second.as_json()["units_created"] == second.as_json()["moved"] == []
    return first


def test_absorbed_unit_passes_its_open_work_and_keeps_its_done_work(province):
    opened, done = province["assignments"]["1"], province["assignments"]["2"]
    due, evidence = opened.due_date, done.evidence_document_number
    result = apply_twice(table(row("sáp nhập", "Sở KH&ĐT", "STC")))
    data = result.as_json()
    assert data["units_closed"] == ["SKH"] and data["units_created"] == []
    assert data["moved"] == [{"assignment_id": opened.id, "from": "SKH", "to": "STC"}]
    assert data["kept"] == [{"assignment_id": done.id, "unit": "SKH", "state": "done"}]
    assert [u["unit"] for u in data["users_to_move"]] == ["SKH"]
    assert data["users_to_move"][0]["successor"] == "STC"
    db.session.expire_all()
    skh, stc = unit("SKH"), unit("STC")
    assert skh.valid_to == day_before(EFFECTIVE) and skh.successor is stc
    assert opened.unit is stc and opened.due_date == due
    assert done.unit is skh and done.evidence_document_number == evidence
    entry = db.session.scalar(
        select(JournalEntry).where(
            JournalEntry.assignment_id == opened.id, JournalEntry.kind == "transferred"
        )
    )
    assert entry.note == DECISION
    assert unit_as_of(opened.id, day_before(EFFECTIVE)) == skh.id
    assert unit_as_of(opened.id, EFFECTIVE) == stc.id
    (link,) = db.session.scalars(select(UnitLink))
    assert (link.kind, link.decision, link.reorganisation.effective_date) == (
        "absorb",
        DECISION,
        EFFECTIVE,
    )
    assert db.session.scalar(select(func.count()).select_from(Reorganisation)) == 1


def test_merger_into_a_new_code_creates_the_unit_in_its_predecessors_groups(province):
    result = apply_twice(
        table(
            row(
                "hợp nhất",
                "STN; Sở Nông nghiệp và Phát triển nông thôn",
                "SNNMT",
                "Sở Nông nghiệp và Môi trường",
                "sở",
            )
        )
    )
    assert result.units_created == ["SNNMT"]
    assert sorted(result.units_closed) == ["SNN", "STN"]
    db.session.expire_all()
    new = unit("SNNMT")
    assert (new.kind, new.valid_from, new.name) == (
        "department",
        EFFECTIVE,
        "Sở Nông nghiệp và Môi trường",
    )
    assert province["assignments"]["8"].unit is new
    group = province["groups"]["SBN"]
    assert new in group.members_on(EFFECTIVE) and new not in group.members_on(day_before(EFFECTIVE))
    assert unit("STN") not in group.members_on(EFFECTIVE)
    predecessors = lineage(new)["predecessors"]
    assert sorted(p["code"] for p in predecessors) == ["SNN", "STN"]
    assert {p["kind"] for p in predecessors} == {"merge"} and not any(
        p["partial"] for p in predecessors
    )


def test_merger_keeping_an_official_code_renames_the_unit_that_continues(province):
    apply_twice(table(row("hợp nhất", "19165;Phường 2;19171", "19165", "Phường Đông Hà", "phường")))
    db.session.expire_all()
    kept = unit("19165")
    assert kept.valid_to is None and kept.name == "Phường Đông Hà"
    assert names_on([kept.id], day_before(EFFECTIVE)) == {kept.id: ("Phường 1", "Phường 1")}
    assert "Phường 1" in kept.aliases
    assert unit("19168").successor is kept and unit("19171").successor is kept
    assert province["assignments"]["6"].unit is kept


def test_rename_keeps_the_old_name_for_the_days_before(province):
    result = apply_twice(table(row("đổi tên", "SNV", "", "Sở Nội vụ tỉnh Quảng Trị")))
    assert result.renamed == [
        {"code": "SNV", "from": "Sở Nội vụ", "to": "Sở Nội vụ tỉnh Quảng Trị"}
    ]
    assert result.units_closed == []
    snv = unit("SNV")
    assert names_on([snv.id], day_before(EFFECTIVE))[snv.id][0] == "Sở Nội vụ"


def test_split_moves_each_open_assignment_to_its_chosen_successor(province):
    three, four = province["assignments"]["3"], province["assignments"]["4"]
    result = apply_twice(
        table(
            row("chia tách", "SLD", "SNV"),
            row("chia tách", "SLD", "SYTXH", "Sở Y tế và Xã hội", "sở"),
            row("chia tách", "SLD", "SNV", task=three.id),
            row("chia tách", "SLD", "SYTXH", task=four.id),
        )
    )
    assert result.units_created == ["SYTXH"] and result.units_closed == ["SLD"]
    assert sorted((m["assignment_id"], m["to"]) for m in result.moved) == [
        (three.id, "SNV"),
        (four.id, "SYTXH"),
    ]
    db.session.expire_all()
    assert three.unit.code == "SNV" and four.unit.code == "SYTXH"
    assert sorted(s["code"] for s in lineage(unit("SLD"))["successors"]) == ["SNV", "SYTXH"]


def test_split_without_a_choice_lists_each_open_assignment_and_writes_nothing(province):
    three, four = province["assignments"]["3"], province["assignments"]["4"]
    result = reorganise(
        table(
            row("chia tách", "SLD", "SNV"),
            row("chia tách", "SLD", "SYTXH", "Sở Y tế và Xã hội", "sở"),
            row("chia tách", "SLD", "SNV", task=three.id),
        ),
        "sap-xep.csv",
    )
    assert not result.applied
    (problem,) = result.problems
    assert (problem.row, problem.column, problem.code) == (
        2,
        "Nhiệm vụ",
        "reorganisation_unchosen_assignment",
    )
    assert f"#{four.id}" in problem.message and "Nhiệm vụ thử 4" in problem.message
    db.session.expire_all()
    assert unit("SLD").valid_to is None and unit("SYTXH") is None


def test_dissolved_without_successor_keeps_its_open_work_and_frees_its_communes(province):
    result = apply_twice(table(row("giải thể", "461")))
    assert result.units_closed == ["461"]
    assert result.left_open == [{"assignment_id": province["assignments"]["7"].id, "unit": "461"}]
    assert sorted(p["unit"] for p in result.parents_changed) == ["19165", "19168", "19171"]
    db.session.expire_all()
    assert unit("461").successor is None
    # Without a district from that day; the days before still name the one it had.
    commune = unit("19165")
    assert district_on(commune, EFFECTIVE) is None and district_on(commune) is None
    assert district_on(commune, day_before(EFFECTIVE)).code == "461"
    assert province["assignments"]["7"].unit.code == "461"


def test_dissolved_with_a_successor_passes_its_open_work(province):
    result = apply_twice(table(row("giải thể", "SLD", "SNV")))
    assert sorted(m["assignment_id"] for m in result.moved) == sorted(
        province["assignments"][n].id for n in ("3", "4")
    )
    assert lineage(unit("SNV"))["predecessors"][0]["kind"] == "dissolve"


def test_founded_unit_joins_the_groups_of_its_kind(province):
    apply_twice(table(row("thành lập", "", "SDTTG", "Sở Dân tộc và Tôn giáo", "sở, ban, ngành")))
    new = unit("SDTTG")
    assert new.valid_from == EFFECTIVE and new.kind == "department"
    assert [g.code for g in province["groups"].values() if new in g.members_on(EFFECTIVE)] == [
        "SBN"
    ]


def test_communes_merge_and_their_district_dissolves_the_same_day(province):
    result = apply_twice(
        table(
            row("giải thể", "Thành phố Đông Hà"),
            row("hợp nhất", "19165;19168", "19165", "Phường Đông Hà", "phường"),
            row("hợp nhất", "19171", "19200", "Phường Nam Đông Hà", "phường"),
        )
    )
    assert sorted(result.units_closed) == ["19168", "19171", "461"]
    db.session.expire_all()
    assert unit("19200").parent is None  # begun that day: never in the district
    assert district_on(unit("19165")) is None
    assert district_on(unit("19165"), day_before(EFFECTIVE)).code == "461"
    assert district_on(unit("19168")).code == "461"  # closed before its district: keeps it
    (link,) = lineage(unit("19200"))["predecessors"]
    assert link["partial"]  # one predecessor named: the data knows part of it


def test_a_dry_run_writes_nothing_and_says_what_applying_does(province):
    data = table(row("sáp nhập", "SKH", "STC"))
    preview = reorganise(data, "sap-xep.csv", dry_run=True)
    assert not preview.applied and preview.units_closed == ["SKH"] and preview.moved
    db.session.expire_all()
    assert unit("SKH").valid_to is None
    assert db.session.scalar(select(func.count()).select_from(Reorganisation)) == 0
    applied = reorganise(data, "sap-xep.csv")
    assert applied.as_json()["moved"] == preview.as_json()["moved"]


def test_a_table_of_two_days_is_two_reorganisations_in_date_order(province):
    earlier = date.fromordinal(EFFECTIVE.toordinal() - 10).strftime("%d/%m/%Y")
    first = [earlier, "hợp nhất", "STN;SNN", "SNNMT", "Sở Nông nghiệp và Môi trường", "", "QĐ 1"]
    result = apply_twice(table(row("sáp nhập", "SNNMT", "STC"), first))
    assert [r["decision"] for r in result.reorganisations] == ["QĐ 1", DECISION]
    assert province["assignments"]["8"].unit.code == "STC"


def test_work_the_successor_holds_already_stays_open_with_the_closed_unit(province):
    both = give_task(province, "9", ["SKH", "STC"])
    result = apply_twice(table(row("sáp nhập", "SKH", "STC")))
    assert [m["assignment_id"] for m in result.moved] == [province["assignments"]["1"].id]
    assert result.left_open == [{"assignment_id": both["SKH"].id, "unit": "SKH"}]
    db.session.expire_all()
    assert both["SKH"].unit.code == "SKH" and both["STC"].unit.code == "STC"
