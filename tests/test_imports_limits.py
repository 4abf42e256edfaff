"""A plan file larger than an import reads is refused as it streams in, quickly and in little
memory: a sheet of a million cells used to take seconds and hundreds of MB in the worker."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.conftest import csrf_from
from tests.imports_support import csv_bytes
from tracker.imports import reader
from tracker.imports.reader import MAX_COLUMNS, MAX_ROWS, ImportUnreadable, read_sheets

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def workbook(*sheets, shared: tuple[str, ...] = ()) -> bytes:
    """An .xlsx written straight into a zip, as (name, dimension, rows, merges) per sheet with
    rows as XML text: a million cells take a second this way, minutes through openpyxl."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as book:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" '
            f'ContentType="{OFFICE}.worksheet+xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        if shared:
            overrides += (
                '<Override PartName="/xl/sharedStrings.xml" '
                f'ContentType="{OFFICE}.sharedStrings+xml"/>'
            )
        book.writestr(
            "[Content_Types].xml",
            f'<Types xmlns="{TYPES}"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{OFFICE}.sheet.main+xml"/>'
            f"{overrides}</Types>",
        )
        book.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PACKAGE}"><Relationship Id="rId1" '
            f'Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        names = "".join(
            f'<sheet name="{sheet[0]}" sheetId="{n}" r:id="rId{n}"/>'
            for n, sheet in enumerate(sheets, start=1)
        )
        book.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>{names}</sheets></workbook>',
        )
        links = "".join(
            f'<Relationship Id="rId{n}" Type="{RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, len(sheets) + 1)
        )
        if shared:
            links += (
                f'<Relationship Id="rId{len(sheets) + 1}" Type="{RELS}/sharedStrings" '
                'Target="sharedStrings.xml"/>'
            )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PACKAGE}">{links}</Relationships>',
        )
        if shared:
            items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in shared)
            book.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{items}</sst>')
        for n, (_name, dimension, rows, merges) in enumerate(sheets, start=1):
            merged = "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
            with book.open(f"xl/worksheets/sheet{n}.xml", "w") as part:
                part.write(f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>'.encode())
                part.write(b"<sheetData>" + "".join(rows).encode() + b"</sheetData>")
                if merges:
                    part.write(f"<mergeCells>{merged}</mergeCells>".encode())
                part.write(b"</worksheet>")
    return out.getvalue()


def number_rows(rows: int, columns: int, first: int = 1):
    """Rows of numbered cells, a different number in each."""
    cells = "".join(
        f'<c r="{get_column_letter(c)}{{0}}"><v>{{0}}{c}</v></c>' for c in range(1, columns + 1)
    )
    template = '<row r="{0}">' + cells + "</row>"
    return (template.format(row) for row in range(first, first + rows))


@pytest.fixture(scope="module")
def million_cells() -> bytes:
    started = time.perf_counter()
    data = workbook(("Ke hoach", "A1:T50000", number_rows(50_000, 20), ()))
    print(f"\n1M-cell .xlsx: {len(data) / 1e6:.1f} MB in {time.perf_counter() - started:.1f} s")
    return data


def refused_in(data: bytes, filename: str = "lon.xlsx") -> tuple[str, float, float]:
    """(the refusal, seconds, peak MB traced): timed without tracemalloc, which slows the
    reading several times, then traced in a second run."""
    started = time.perf_counter()
    with pytest.raises(ImportUnreadable) as refused:
        read_sheets(data, filename)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        with pytest.raises(ImportUnreadable):
            read_sheets(data, filename)
        peak = tracemalloc.get_traced_memory()[1] / 1048576
    finally:
        tracemalloc.stop()
    return str(refused.value), seconds, peak


def test_a_million_cell_workbook_is_refused_at_its_row_limit_quickly_in_little_memory(
    million_cells,
):
    message, seconds, peak = refused_in(million_cells)
    print(f"refused in {seconds:.2f} s, peak {peak:.1f} MB traced: {message}")
    assert "row 5001" in message and "5000 rows" in message
    # Loose bounds for a shared machine; the figures are printed above (-s shows them).
    assert seconds < 3
    assert peak < 50


def test_a_million_cells_across_is_refused_at_the_first_column_past_the_limit():
    data = workbook(("Rong", "A1:ALL1000", number_rows(1000, 1000), ()))
    message, seconds, peak = refused_in(data)
    print(f"refused in {seconds:.2f} s, peak {peak:.1f} MB traced: {message}")
    assert "row 1, column AO" in message and "40 columns" in message
    assert seconds < 3 and peak < 50


def test_blank_cells_past_the_limits_are_read_past_not_refused():
    # Styled empty rows below the table, a cell of spaces to the right, a wrong <dimension>.
    rows = [
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>7</v></c>'
        '<c r="AZ1" t="s"><v>1</v></c><c r="BA1" s="1"/></row>',
        '<row r="2"><c r="A2" t="inlineStr"><is><t>hai</t></is></c></row>',
        *(f'<row r="{r}" s="1" customFormat="1"><c r="A{r}" s="1"/></row>' for r in (6000, 9000)),
    ]
    sheet = read_sheets(workbook(("KH", "A1", rows, ()), shared=("STT", "   ")), "x.xlsx")[0]
    assert [[c.value for c in row] for row in sheet.rows] == [["STT", 7], ["hai"]]


@pytest.mark.parametrize(
    ("row", "cell", "says"),
    [
        (6000, '<c r="A6000"><v>1</v></c>', "row 6000: more than 5000 rows"),
        (6000, '<c r="A6000" t="s"><v>0</v></c>', "row 6000: more than 5000 rows"),
        (6000, '<c r="A6000" t="inlineStr"><is><t>x</t></is></c>', "row 6000: more than"),
        (6, '<c r="AO6"><v>0</v></c>', "row 6, column AO: more than 40 columns"),
    ],
)
def test_one_value_past_the_limits_is_enough_to_refuse(row, cell, says):
    rows = ['<row r="1"><c r="A1"><v>1</v></c></row>', f'<row r="{row}">{cell}</row>']
    with pytest.raises(ImportUnreadable, match=says):
        read_sheets(workbook(("KH", "A1:A1", rows, ()), shared=("x",)), "x.xlsx")


@pytest.mark.parametrize(
    ("far", "says"),
    [
        ('<row r="5001"><c r="B5001"><v>2</v></c></row>', "row 5001: more than 5000 rows"),
        ('<row r="3"><c r="AO3"><v>0</v></c></row>', "row 3, column AO: more than 40"),
    ],
)
def test_the_row_by_row_read_checks_the_limits_too(monkeypatch, far, says):
    """Should the quick pass over the XML miss a value, reading the rows still refuses it."""
    from tracker.imports import sheetxml

    monkeypatch.setattr(reader, "scan_sheet", lambda *a: sheetxml.SheetScan())
    rows = ['<row r="1"><c r="A1"><v>1</v></c></row>', far]
    with pytest.raises(ImportUnreadable, match=says):
        read_sheets(workbook(("KH", "A1", rows, ())), "x.xlsx")


def test_all_sheets_together_share_one_budget_of_cells(monkeypatch):
    monkeypatch.setattr(reader, "MAX_CELLS", 150)
    sheets = [(f"S{n}", "A1:J10", number_rows(10, 10), ()) for n in (1, 2)]
    with pytest.raises(ImportUnreadable, match="S2.*row 6.*150 cells"):
        read_sheets(workbook(*sheets), "x.xlsx")


def test_merged_ranges_are_read_from_the_sheet_and_clipped_to_its_rows():
    rows = [
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Tiêu đề</t></is></c></row>',
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>SNV</t></is></c></row>',
        '<row r="3"><c r="A3"><v>2</v></c></row>',
    ]
    # A title across the row, an owner down two rows, and a range far below the last row.
    merges = ("A1:D1", "B2:B3", "A7:XFD1048576")
    sheet = read_sheets(workbook(("KH", "A1:D3", rows, merges)), "x.xlsx")[0]
    assert len(sheet.rows) == 3
    assert [c.merged_from for c in sheet.rows[0]] == [None, (1, 1), (1, 1), (1, 1)]
    assert sheet.cell(3, 2).value == "SNV" and sheet.cell(3, 2).merged_from == (2, 2)
    assert sheet.cell(2, 2).merged_from is None


def test_a_workbook_openpyxl_wrote_is_read_with_its_merges():
    book = Workbook()
    book.active.append(["STT", "Nội dung", "Chủ trì", "Thời hạn"])
    book.active.append(["I", "Đề mục"])
    book.active.merge_cells("B2:D2")
    out = io.BytesIO()
    book.save(out)
    sheet = read_sheets(out.getvalue(), "x.xlsx")[0]
    assert sheet.cell(2, 4).merged_from == (2, 2) and sheet.cell(2, 2).value == "Đề mục"


def test_a_csv_past_the_limits_is_refused(app):
    tall = csv_bytes([["1", "x"]] * (MAX_ROWS + 1))
    with pytest.raises(
        ImportUnreadable, match=f"^Row {MAX_ROWS + 1}: more than 5000 rows"
    ) as refused:
        read_sheets(tall, "ke-hoach.csv")
    problem = refused.value.message
    assert problem.code == "too_many_rows" and problem.params["limit"] == MAX_ROWS
    assert problem.params["where"].params == {"row": str(MAX_ROWS + 1)}
    with app.test_request_context("/"):
        assert str(problem) == (
            "Dòng 5001: quá 5.000 dòng; mỗi lần nhập chỉ đọc tối đa 5.000 dòng và 40 cột."
        )
    wide = csv_bytes([["x"] * (MAX_COLUMNS + 1)])
    with pytest.raises(ImportUnreadable, match="^Row 1, column AO"):
        read_sheets(wide, "ke-hoach.csv")
    # Blank rows and cells past the limits are not content.
    blank = csv_bytes([["STT", "Nội dung"], *[[""]] * (MAX_ROWS + 10), ["", " "] * 30])
    assert [[c.value for c in row] for row in read_sheets(blank, "ke-hoach.csv")[0].rows] == [
        ["STT", "Nội dung"]
    ]


def test_the_web_preview_refuses_a_million_cells_quickly(client, login, make_user, million_cells):
    login(make_user(role="office"))
    token = csrf_from(client, "/plans/import")
    # Encoded here in memory: the test client spools a body this large to a temporary file
    # it never closes, which pytest reports as a ResourceWarning.
    boundary, body = encode_multipart(
        {
            "csrf_token": token,
            "plan_code": "4800/KH-UBND",
            "file": FileStorage(io.BytesIO(million_cells), "lon.xlsx"),
        }
    )
    started = time.perf_counter()
    response = client.post(
        "/plans/import", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    seconds = time.perf_counter() - started
    page = response.get_data(as_text=True)
    print(f"web preview refused in {seconds:.2f} s")
    assert response.status_code == 422
    # In Vietnamese: the row as the sheet numbers it, the limit as a number ("5.000").
    assert "lon.xlsx" in page and "Trang tính “Ke hoach”, dòng 5001" in page
    assert "5.000 dòng" in page
    assert seconds < 3
