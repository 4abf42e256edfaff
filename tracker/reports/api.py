"""GET /api/v1/reports: the issued quarterly reports, their figures and their .docx, each
shape once as the pydantic models that build the answer and describe it."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import Field

from tracker.api.answers import Answer, answered
from tracker.api.blueprint import bp as api_bp
from tracker.api.operations import FileAnswer, operation
from tracker.core.permissions import requires
from tracker.core.replicas import replica_reads
from tracker.reports import archive
from tracker.reports.figures import ReportFigures
from tracker.reports.models import IssuedReport
from tracker.reports.views import DOCX, send_issued_docx


class IssuedReportSummary(Answer):
    id: int
    plan_code: str
    quarter: str = Field(description="2021-Q3")
    number: str = Field(description="the number of Số …/BC-UBND")
    document_number: str = Field(description="12/BC-UBND")
    as_of: date = Field(description="the day its figures are as of")
    issued_on: date
    issued_at: datetime
    issued_by: str | None = Field(description="who issued it; null: from the command line")
    sha256: str = Field(description="of the .docx bytes")
    size: int = Field(description="of the .docx, in bytes")

    @classmethod
    def fields_of(cls, issued: IssuedReport) -> dict:
        return {
            "id": issued.id,
            "plan_code": issued.plan.code,
            "quarter": issued.quarter,
            "number": issued.number,
            "document_number": issued.document_number,
            "as_of": issued.as_of,
            "issued_on": issued.issued_on,
            "issued_at": issued.issued_at,
            "issued_by": issued.issued_by.full_name if issued.issued_by else None,
            "sha256": issued.sha256,
            "size": issued.size,
        }


class IssuedReportList(Answer):
    items: list[IssuedReportSummary]


class IssuedReportDetail(IssuedReportSummary):
    figures: ReportFigures = Field(description="what the report states, as it was issued")


@api_bp.get("/reports")
@requires("view")
@operation(
    "listIssuedReports",
    "The quarterly reports the office issued, the latest first",
    answers={200: IssuedReportList},
    refusals=(401,),
)
def issued_reports():
    items = [
        IssuedReportSummary(**IssuedReportSummary.fields_of(r)) for r in archive.issued_reports()
    ]
    return answered(IssuedReportList(items=items))


@api_bp.get("/reports/<id:report_id>")
@requires("view")
@operation(
    "getIssuedReport",
    "An issued report and the figures it was made from",
    answers={200: IssuedReportDetail},
    refusals=(401, 404),
)
def issued_report(report_id: int):
    issued = archive.issued_report(report_id)
    return answered(
        IssuedReportDetail(
            **IssuedReportSummary.fields_of(issued),
            figures=ReportFigures.model_validate(issued.figures),
        )
    )


@api_bp.get("/reports/<id:report_id>/docx")
@replica_reads
@requires("view")
@operation(
    "getIssuedReportDocx",
    "An issued report's .docx, byte for byte as it was issued",
    answers={200: FileAnswer(DOCX, "The .docx as issued (its SHA-256 is the ETag)")},
    refusals=(401, 404),
)
def issued_report_docx(report_id: int):
    return send_issued_docx(archive.issued_report(report_id))
