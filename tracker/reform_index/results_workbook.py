"""A year's results as .xlsx: the ranking (each unit's self, appraised and survey points, total,
index, rank and band), then each unit's points per lĩnh vực with the province's average; the
same numbers as the results page, the API and the decision's annex."""

from __future__ import annotations

from io import BytesIO

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from tracker.core.xlsx import a4_landscape_bytes
from tracker.reform_index.models import INDEX_KIND_LABELS, CriteriaSet
from tracker.reform_index.results import RankingItem, area_average, average_points
from tracker.reform_index.scoring import as_points

HEADER_FILL = PatternFill("solid", fgColor="EEF1F4")


def _header_row(sheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.fill = HEADER_FILL


def _title(criteria_set: CriteriaSet) -> str:
    return _(
        "Reform index %(year)s · %(kind)s · %(name)s",
        year=str(criteria_set.year),
        kind=INDEX_KIND_LABELS[criteria_set.kind],
        name=criteria_set.name,
    )


def _unsent_mark() -> str:
    return f"({_('did not self-assess')})"


def _unit_name(item: RankingItem) -> str:
    """The unit's name, marked as the annex marks it when the appraisers scored it without its
    self-assessment."""
    return f"{item.unit_name} {_unsent_mark()}" if item.did_not_self_assess else item.unit_name


def _unsent_note(sheet, items: list[RankingItem]) -> None:
    if any(item.did_not_self_assess for item in items):
        sheet.append([])
        sheet.append(
            [
                _(
                    "Note: a unit marked %(mark)s sent no self-assessment by the deadline; the "
                    "appraisers scored it from its records, its own points counting 0.",
                    mark=_unsent_mark(),
                )
            ]
        )
        sheet.cell(row=sheet.max_row, column=1).font = Font(italic=True)


def results_workbook(criteria_set: CriteriaSet, items: list[RankingItem]) -> BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Ranking")[:31]
    sheet.append([_title(criteria_set)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(
        [
            _("Rank"),
            _("Unit code"),
            _("Unit"),
            _("Self-assessed points"),
            _("Appraised points"),
            _("Survey points"),
            _("Total"),
            _("Index"),
            _("Band"),
        ]
    )
    _header_row(sheet, 3)
    for item in items:
        sheet.append(
            [
                item.rank,
                item.unit_code,
                _unit_name(item),
                item.self_total,
                item.appraised_total,
                item.survey,
                item.total,
                item.index,
                item.band,
            ]
        )
    _unsent_note(sheet, items)
    sheet.column_dimensions["C"].width = 42
    _areas_sheet(book, criteria_set, items)
    return a4_landscape_bytes(book, sheet)


def _areas_sheet(book, criteria_set: CriteriaSet, items: list[RankingItem]) -> None:
    areas = [c for c in criteria_set.criteria if c.parent_id is None]
    sheet = book.create_sheet(_("By area")[:31])
    sheet.append([_title(criteria_set)])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(
        [
            _("Unit code"),
            _("Unit"),
            *[f"{area.number}. {area.title} ({as_points(area.max_points):g})" for area in areas],
            _("Survey points"),
            _("Total"),
        ]
    )
    _header_row(sheet, 3)
    scored = [item for item in items if item.total is not None]
    for item in items:
        by_id = item.ranked.totals.by_criterion if item.ranked.totals else {}
        sheet.append(
            [
                item.unit_code,
                _unit_name(item),
                *[by_id.get(area.id) for area in areas],
                item.survey,
                item.total,
            ]
        )
    if scored:
        average = average_points
        sheet.append(
            [
                "",
                _("Province's average"),
                *[area_average(scored, a.id) for a in areas],
                average([i.survey or 0 for i in scored]),
                average([i.total for i in scored]),
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    sheet.column_dimensions["B"].width = 42
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
