"""What a reorganisation table can get wrong, named once (code, parameters, sentence)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem


def code_taken(code: str, unit: str) -> Problem:
    return Problem(
        "reorganisation_code_taken",
        _l(
            "The code %(code)s belongs to %(unit)s, which takes no part in this change: give "
            "the new unit a code of its own."
        ),
        code=code,
        unit=unit,
    )


def new_name_required() -> Problem:
    return Problem(
        "reorganisation_new_name_required", _l("Give the new unit's name in “Tên đơn vị mới”.")
    )


def kind_required() -> Problem:
    return Problem(
        "reorganisation_kind_required",
        _l("Give the new unit's kind in “Loại” (its old units are not all of one kind)."),
    )


def kind_kept(unit: str) -> Problem:
    return Problem(
        "reorganisation_kind_kept",
        _l(
            "%(unit)s keeps its kind: only a commune's division type (xã, phường, thị trấn, "
            "đặc khu) can change here."
        ),
        unit=unit,
    )


def two_names(row: int, other: str) -> Problem:
    return Problem(
        "reorganisation_two_names",
        _l("Row %(row)s names this unit “%(other)s”: give it one name."),
        row=str(row),
        other=other,
    )


def olds_required() -> Problem:
    return Problem(
        "reorganisation_old_required",
        _l("Name the old units here (several separated by “;”)."),
    )


def one_old_required() -> Problem:
    return Problem("reorganisation_one_old", _l("Name exactly one unit here."))


def successor_required() -> Problem:
    return Problem(
        "reorganisation_successor_required",
        _l("Name the unit they become: a new code, or the unit that continues."),
    )


def target_required() -> Problem:
    return Problem("reorganisation_target_required", _l("Name the unit they join."))


def joins_itself(unit: str) -> Problem:
    return Problem("reorganisation_joins_itself", _l("%(unit)s cannot join itself."), unit=unit)


def not_a_new_code(text: str, reason: Problem) -> Problem:
    return Problem(
        "reorganisation_not_a_new_code",
        _l("There is no unit “%(name)s”, and it cannot be a new unit's code: %(reason)s"),
        name=text,
        reason=reason,
    )


def rename_keeps_code() -> Problem:
    return Problem(
        "reorganisation_rename_keeps_code",
        _l(
            "A rename keeps the unit's code: leave this cell empty and write the new name in "
            "“Tên đơn vị mới”."
        ),
    )


def founded_without_olds() -> Problem:
    return Problem(
        "reorganisation_founded_without_olds",
        _l(
            "A unit founded (thành lập) has no old units: to make one unit of others, write "
            "“hợp nhất” or “chia tách”."
        ),
    )


def code_required() -> Problem:
    return Problem("reorganisation_code_required", _l("Give the new unit's code."))


def split_without_successors() -> Problem:
    return Problem(
        "reorganisation_split_without_successors",
        _l(
            "A split (chia tách) needs at least two new units: a row for each, its code in "
            "“Đơn vị mới”."
        ),
    )


def split_row_without_successor() -> Problem:
    return Problem(
        "reorganisation_split_without_successors",
        _l("Name the new unit this row splits off (its code in “Đơn vị mới”)."),
    )


def not_open_assignment(number: int, unit: str) -> Problem:
    return Problem(
        "reorganisation_not_open_assignment",
        _l("Assignment #%(id)s is not an open assignment of %(unit)s."),
        id=str(number),
        unit=unit,
    )


def unchosen(number: int, unit: str, task: str, title: str) -> Problem:
    return Problem(
        "reorganisation_unchosen_assignment",
        _l(
            "Open assignment #%(id)s of %(unit)s (task %(task)s: %(title)s) needs its "
            "successor: add a row with %(id)s in “Nhiệm vụ” and the new unit in “Đơn vị mới”."
        ),
        id=str(number),
        unit=unit,
        task=task,
        title=title,
    )


def chosen_twice(number: int, row: int) -> Problem:
    return Problem(
        "reorganisation_chosen_twice",
        _l("Assignment #%(id)s is given another successor on row %(row)s."),
        id=str(number),
        row=str(row),
    )


def assignment_outside_split() -> Problem:
    return Problem(
        "reorganisation_assignment_outside_split",
        _l("Only a split (chia tách) chooses a successor for an assignment."),
    )


def closed_twice(unit: str, row: int) -> Problem:
    return Problem(
        "reorganisation_conflict",
        _l("%(unit)s is closed on row %(row)s too: a unit closes once."),
        unit=unit,
        row=str(row),
    )


def used_after_closing(unit: str, day, row: int) -> Problem:
    return Problem(
        "reorganisation_conflict",
        _l(
            "%(unit)s closes from %(day)s (row %(row)s): from then on it neither receives "
            "work nor is renamed."
        ),
        unit=unit,
        day=day,
        row=str(row),
    )


def renamed_twice(unit: str, row: int) -> Problem:
    return Problem(
        "reorganisation_conflict",
        _l("%(unit)s is given another name on row %(row)s, the same day."),
        unit=unit,
        row=str(row),
    )


def created_twice(code: str, row: int) -> Problem:
    return Problem(
        "reorganisation_conflict",
        _l("The unit %(code)s is created on row %(row)s too."),
        code=code,
        row=str(row),
    )
