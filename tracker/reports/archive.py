"""Issued quarterly reports (DOMAIN.md: "a report once issued is kept as it was issued").

Issuing builds the report exactly as the .docx download does, and keeps its bytes, their
SHA-256 and the figures they were made from in one commit. Building the same report again
later, as of the same day, must give the same figures: only a backdated correction of an
assignment's history can move them, and compare_with_live names the assignments it moved.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload, with_expression

from tracker.audit.services import record
from tracker.core.exceptions import NotFound, ValidationFailed
from tracker.core.permissions import require_office
from tracker.core.problems import Problem, too_long
from tracker.core.text import text_problem
from tracker.core.timeutil import local_today, utcnow
from tracker.core.transactions import lock_key
from tracker.extensions import db
from tracker.reports.docx_writer import render_docx
from tracker.reports.figures import report_figures
from tracker.reports.models import NUMBER_LENGTH, IssuedReport
from tracker.reports.quarterly import Quarter, build_quarterly_report

# People type the whole "12/BC-UBND"; the report prints the kind itself.
KIND_SUFFIX = re.compile(r"\s*/\s*BC-UBND\s*$", re.IGNORECASE)
# What an assignment's entry says, compared between the archive and a fresh build (titles
# and names are text, not figures: a renamed unit changes no figure).
COMPARED = ("deadline_class", "due_date", "completed_on", "awaiting_confirmation")
LISTS = ("completed", "overdue", "priorities")


def document_number(raw: str | None) -> str:
    """The number of "Số: 12/BC-UBND" as typed ("12" or "12/BC-UBND"), or ValidationFailed."""
    number = KIND_SUFFIX.sub("", (raw or "").strip())
    if not number:
        problem = Problem("report_number_required", _l("Give the report's number (Số …/BC-UBND)."))
    elif len(number) > NUMBER_LENGTH:
        problem = too_long(NUMBER_LENGTH)
    else:
        problem = text_problem(number, multiline=False)
    if problem:
        raise ValidationFailed(problem, {"number": problem})
    return number


def _already_issued(quarter: Quarter, number: str) -> ValidationFailed:
    problem = Problem(
        "report_already_issued",
        _l("Report %(number)s/BC-UBND of quarter %(roman)s/%(year)s has already been issued."),
        number=number,
        **quarter.problem_params(),
    )
    return ValidationFailed(problem, {"number": problem})


def issue_report(actor, plan_code: str, quarter: str, number: str | None) -> IssuedReport:
    """Build the report as the download does, archive it, and commit."""
    require_office(actor)
    number = document_number(number)
    report = build_quarterly_report(plan_code, quarter)
    code = report.quarter.code
    # Two offices pressing "Ban hành" with the same number: the second waits, then is refused.
    lock_key("issued-report", f"{report.plan.id}:{code}:{number}")
    taken = select(IssuedReport.id).where(
        IssuedReport.plan_id == report.plan.id,
        IssuedReport.quarter == code,
        IssuedReport.number == number,
    )
    if db.session.scalar(taken) is not None:
        raise _already_issued(report.quarter, number)
    docx = render_docx(report, number=number).getvalue()
    issued = IssuedReport(
        plan=report.plan,
        quarter=code,
        number=number,
        as_of=report.as_of,
        issued_on=local_today(),
        issued_at=utcnow(),
        issued_by_id=getattr(actor, "id", None),
        docx=docx,
        sha256=hashlib.sha256(docx).hexdigest(),
        figures=report_figures(report).as_json(),
    )
    db.session.add(issued)
    try:
        db.session.flush()
    except IntegrityError:
        # SQLite takes no advisory lock: the unique constraint decides there.
        db.session.rollback()
        raise _already_issued(report.quarter, number) from None
    record(
        "report.issue",
        actor=actor,
        target=issued,
        plan=report.plan.code,
        quarter=code,
        number=number,
        as_of=report.as_of.isoformat(),
        sha256=issued.sha256,
    )
    db.session.commit()
    return issued


def with_size(query):
    return query.options(with_expression(IssuedReport.size, func.length(IssuedReport.docx)))


def issued_reports() -> list[IssuedReport]:
    """Every issued report, the latest first (their bytes are not read, only counted)."""
    return list(
        db.session.scalars(
            with_size(select(IssuedReport))
            .options(
                selectinload(IssuedReport.plan),
                selectinload(IssuedReport.issued_by),
            )
            .order_by(IssuedReport.issued_at.desc(), IssuedReport.id.desc())
        )
    )


def issued_report(report_id: int) -> IssuedReport:
    found = db.session.scalar(with_size(select(IssuedReport)).where(IssuedReport.id == report_id))
    if found is None:
        raise NotFound(
            Problem(
                "issued_report_not_found",
                _l("This issued report does not exist."),
                report_id=report_id,
            )
        )
    return found


@dataclass
class Difference:
    """An assignment whose figures in a fresh build are not those of the issued report."""

    assignment_id: int
    task_number: str
    task_title: str
    unit_name: str
    archived_class: str | None  # None: not in the issued report (or no longer in the plan)
    live_class: str | None
    changed: list[str] = field(default_factory=list)  # names of COMPARED and LISTS


@dataclass
class Comparison:
    live: dict
    differences: list[Difference]
    # The annex or an area's figures differ while no assignment does (e.g. a unit's kind).
    totals_differ: bool

    @property
    def same(self) -> bool:
        return not self.differences and not self.totals_differ


def facts_by_assignment(figures: dict) -> dict[int, dict]:
    """assignment id → what the report says of it: its COMPARED values and its entry in each
    list it is in."""
    facts: dict[int, dict] = {}
    for entry in figures["assignments"]:
        values = dict(entry, awaiting_confirmation=entry["state"] == "awaiting_confirmation")
        facts[entry["assignment_id"]] = {name: values[name] for name in COMPARED}
    for name in LISTS:
        for entry in figures[name]:
            facts.setdefault(entry["assignment_id"], {})[name] = entry
    return facts


def _figures_without_names(figures: dict) -> tuple:
    units = [
        {k: v for k, v in row.items() if k != "unit_name"} for row in figures["annex"]["units"]
    ]
    return units, figures["annex"]["subtotals"], figures["annex"]["totals"], figures["areas"]


def compare_figures(archived: dict, live: dict) -> Comparison:
    before, after = facts_by_assignment(archived), facts_by_assignment(live)
    described = {a["assignment_id"]: a for a in live["assignments"]}
    described |= {a["assignment_id"]: a for a in archived["assignments"]}
    differences = []
    for assignment_id in sorted(before.keys() | after.keys()):
        old, new = before.get(assignment_id, {}), after.get(assignment_id, {})
        if old == new:
            continue
        about = described[assignment_id]
        differences.append(
            Difference(
                assignment_id=assignment_id,
                task_number=about["task_number"],
                task_title=about["task_title"],
                unit_name=about["unit_name"],
                archived_class=old.get("deadline_class"),
                live_class=new.get("deadline_class"),
                changed=[name for name in (*COMPARED, *LISTS) if old.get(name) != new.get(name)],
            )
        )
    totals_differ = _figures_without_names(archived) != _figures_without_names(live)
    return Comparison(live, differences, totals_differ and not differences)


def compare_with_live(issued: IssuedReport) -> Comparison:
    """The issued report's figures against the same report built now, as of the same day."""
    report = build_quarterly_report(issued.plan.code, issued.quarter, as_of=issued.as_of)
    return compare_figures(issued.figures, report_figures(report).as_json())
