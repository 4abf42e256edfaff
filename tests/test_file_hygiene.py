"""Review #12, rows 5 and 9: what a unit writes never becomes a formula in the office's .xlsx,
and an uploaded file is stored and served as the type it was accepted as."""

from __future__ import annotations

import io
import zipfile
from datetime import timedelta
from io import BytesIO

from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from tests.conftest import api_create_task
from tests.conftest import local_today as today
from tests.test_web_workflow import post_update

HYPERLINK = '=HYPERLINK("http://evil.example","doc")'
HOSTILE_TITLES = ["=1+2", "\t=1+2", "+1+2", "-1+2", "@SUM(A1:A2)", "\r=1+2"]


def cells(data: bytes) -> list:
    book = load_workbook(BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula(data: bytes) -> list:
    """The file's cells; none is a formula, in openpyxl's reading or in the XML itself."""
    found = cells(data)
    assert [c.coordinate for c in found if c.data_type == "f"] == []
    with zipfile.ZipFile(BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)
    return found


def test_numbers_stay_numbers_and_formula_like_text_becomes_text():
    from tracker.core.xlsx import a4_landscape_bytes

    book = Workbook()
    book.active.append([-5, "-5", 3.5, "Sở Nội vụ", None])
    book.active.append(HOSTILE_TITLES + [HYPERLINK])
    found = assert_no_formula(a4_landscape_bytes(book, book.active).getvalue())
    assert [(c.value, c.data_type) for c in found[:4]] == [
        (-5, "n"),
        ("-5", "s"),
        (3.5, "n"),
        ("Sở Nội vụ", "s"),
    ]
    hostile = [c for c in found if c.row == 2 and c.value is not None]
    assert [c.value for c in hostile] == HOSTILE_TITLES + [HYPERLINK]
    assert all(c.data_type == "s" and c.quotePrefix for c in hostile)
    assert not found[3].quotePrefix


def test_the_plan_export_writes_hostile_text_as_text(client, login, workbench, api_as, db_session):
    from tracker.plans.models import Plan

    office = api_as(workbench["office"])
    due = today() + timedelta(days=10)
    for n, title in enumerate(HOSTILE_TITLES, start=10):
        response = api_create_task(office, due, number=f"II.{n}", title=title, lead_units=["SA"])
        assert response.status_code == 201, response.json
    # One lead: the evidence cell is the number itself, not "ĐV1: …" lines per lead unit.
    assignment = response.json["assignments"][0]
    response = api_as(workbench["lead"]).post(
        f"/assignments/{assignment['id']}/updates",
        json={
            "state": "done",
            "evidence": {"document_number": HYPERLINK},
            "version": assignment["version"],
        },
    )
    assert response.status_code == 200, response.json
    login(workbench["office"])
    plan = db_session.scalar(select(Plan).where(Plan.code == "77/KH-UBND"))
    export = client.get(f"/plans/{plan.id}/export.xlsx")
    assert export.status_code == 200
    texts = {c.value for c in assert_no_formula(export.data) if isinstance(c.value, str)}
    assert {title.strip() for title in HOSTILE_TITLES} <= texts  # titles are stored trimmed
    assert any(t.startswith(HYPERLINK) for t in texts)


def test_the_status_export_writes_a_hostile_unit_name_as_text(
    client, login, workbench, make_unit, api_as
):
    make_unit(code="EVIL", name="=cmd|'/c calc'!A1")
    due = today() + timedelta(days=10)
    office = api_as(workbench["office"])
    assert api_create_task(office, due, number="II.9", lead_units=["EVIL"]).status_code == 201
    login(workbench["office"])
    export = client.get("/status.xlsx")
    assert export.status_code == 200
    found = assert_no_formula(export.data)
    assert "=cmd|'/c calc'!A1" in {c.value for c in found}
    assert any(c.data_type == "n" for c in found)  # the figures are still numbers


LONG_NAME = "a" * 250 + ".html.pdf"


def _upload(client, login, workbench, db_session, name):
    from tracker.assignments.models import JournalEntry

    login(workbench["lead"])
    pdf = b"%PDF-1.4 <html><script>alert(1)</script>"
    response = post_update(
        client, workbench, {"state": "done"}, {"file": FileStorage(io.BytesIO(pdf), name)}
    )
    assert response.status_code == 302
    return db_session.scalar(
        select(JournalEntry).where(JournalEntry.evidence_file_path.is_not(None))
    )


def test_a_long_name_keeps_its_accepted_extension(client, login, workbench, db_session):
    update = _upload(client, login, workbench, db_session, LONG_NAME)
    assert update.evidence_file_path.endswith(".pdf")
    assert update.evidence_file_name == "a" * 250 + ".pdf"
    download = client.get(f"/evidence/{update.id}")
    assert download.status_code == 200
    assert download.mimetype == "application/pdf"
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    disposition = download.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith(".pdf")
    download.close()


def test_a_name_stored_before_is_served_by_its_stored_type(client, login, workbench, db_session):
    update = _upload(client, login, workbench, db_session, "bao-cao.pdf")
    update.evidence_file_name = "a" * 250 + ".html"  # as names were cut before
    db_session.commit()
    download = client.get(f"/evidence/{update.id}")
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].endswith("a.pdf")
    download.close()


def test_shortened_names():
    from tracker.core.evidence_files import shortened_name

    assert shortened_name("C:\\Users\\x\\Báo cáo.PDF", "pdf") == "Báo cáo.pdf"
    assert shortened_name(LONG_NAME, "pdf") == "a" * 250 + ".pdf"
    assert shortened_name("x" * 300 + ".docx", "docx") == "x" * 250 + ".docx"
