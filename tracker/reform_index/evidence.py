"""The tài liệu kiểm chứng of a self-assessed sub-criterion: evidence the unit already gave in
the tracker (a journal entry of one of its assignments), a document's number and date, a link,
or an uploaded file (stored as every evidence file is, core.evidence_files)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from tracker.assignments.models import Assignment, JournalEntry
from tracker.core.evidence_files import check_evidence_file, store_evidence
from tracker.core.problems import Problem, one_of, required, too_long
from tracker.core.text import text_problem
from tracker.core.timeutil import format_date, local_zone
from tracker.extensions import db
from tracker.reform_index.journal import journal
from tracker.reform_index.models import EVIDENCE_KINDS, AssessmentEvidence, AssessmentItem
from tracker.units.models import Unit

DOCUMENT_NUMBER_MAX = 100
URL_MAX = 1000
CHOICES_MAX = 300  # the unit's journal entries offered to pick from, newest first
EVIDENCE_KIND_LABELS = {
    "journal": _l("Given on a task"),
    "document": _l("Document"),
    "link": _l("Link"),
    "file": _l("File"),
}


@dataclass
class EvidenceInput:
    """One piece of evidence as given: `keep_id` keeps one the item has; otherwise a new one
    of `kind` with its fields."""

    kind: str | None = None
    keep_id: int | None = None
    journal_entry_id: int | None = None
    document_number: str | None = None
    document_date: date | None = None
    url: str | None = None
    file_name: str | None = None
    file_stream: BinaryIO | None = None
    file_size: int | None = None


@dataclass
class EvidencePlan:
    """What a save does to an item's evidence."""

    keep: list[AssessmentEvidence] = field(default_factory=list)
    remove: list[AssessmentEvidence] = field(default_factory=list)
    add: list[EvidenceInput] = field(default_factory=list)
    journal_entries: dict[int, JournalEntry] = field(default_factory=dict)

    @property
    def count_after(self) -> int:
        return len(self.keep) + len(self.add)


def unit_journal_entries(unit: Unit, ids=None, year: int | None = None) -> list[JournalEntry]:
    """The unit's journal entries that carry evidence (a document, a link or a file): those
    of `ids`, or those of the year's work (made or dated in it), newest first."""
    query = (
        select(JournalEntry)
        .join(Assignment, Assignment.id == JournalEntry.assignment_id)
        .where(
            Assignment.unit_id == unit.id,
            or_(
                JournalEntry.evidence_document_number.is_not(None),
                JournalEntry.evidence_url.is_not(None),
                JournalEntry.evidence_file_path.is_not(None),
            ),
        )
        .options(selectinload(JournalEntry.assignment).selectinload(Assignment.task))
        .order_by(JournalEntry.created_at.desc(), JournalEntry.id.desc())
    )
    if ids is not None:
        query = query.where(JournalEntry.id.in_(ids))
    if year is not None:
        start = datetime(year, 1, 1, tzinfo=local_zone())
        end = datetime(year + 1, 4, 1, tzinfo=local_zone())  # the year's reports come early
        query = query.where(
            or_(
                JournalEntry.created_at.between(start, end),
                JournalEntry.evidence_document_date.between(date(year, 1, 1), date(year, 12, 31)),
            )
        ).limit(CHOICES_MAX)
    return list(db.session.scalars(query))


def _line_problem(text: str, most: int) -> Problem | None:
    """Why `text` is refused as a required line of at most `most` characters, or None."""
    if not text:
        return required()
    if problem := text_problem(text, multiline=False):
        return problem
    return too_long(most) if len(text) > most else None


def _check_new(evidence: EvidenceInput, key: str, errors: dict, entries: dict) -> None:
    if evidence.kind not in EVIDENCE_KINDS:
        errors[f"{key}.kind"] = one_of(EVIDENCE_KINDS)
    elif evidence.kind == "journal":
        if evidence.journal_entry_id is None:
            errors[f"{key}.journal_entry_id"] = required()
        elif evidence.journal_entry_id not in entries:
            errors[f"{key}.journal_entry_id"] = Problem(
                "not_unit_evidence",
                _l("Pick evidence your unit gave on one of its tasks."),
            )
    elif evidence.kind == "document":
        number = (evidence.document_number or "").strip()
        if problem := _line_problem(number, DOCUMENT_NUMBER_MAX):
            errors[f"{key}.document_number"] = problem
        evidence.document_number = number
    elif evidence.kind == "link":
        url = (evidence.url or "").strip()
        if problem := _line_problem(url, URL_MAX):
            errors[f"{key}.url"] = problem
        elif not url.startswith(("http://", "https://")):
            errors[f"{key}.url"] = Problem(
                "link_scheme", _l("Give a link that starts with http:// or https://.")
            )
        evidence.url = url
    elif not evidence.file_name or evidence.file_stream is None:
        errors[f"{key}.file"] = required()
    elif problem := check_evidence_file(evidence.file_name, evidence.file_size or 0):
        errors[f"{key}.file"] = problem


def plan_changes(
    actor, item: AssessmentItem, given: list[EvidenceInput] | None, errors: dict, key: str
) -> EvidencePlan:
    """Read what the save asks of the item's evidence (None: leave it as it is), adding the
    problems of each piece under <key>.evidence.<i>.<field>."""
    if given is None:
        return EvidencePlan(keep=list(item.evidence))
    present = {piece.id: piece for piece in item.evidence}
    wanted = [
        e.journal_entry_id
        for e in given
        if e.kind == "journal" and e.keep_id is None and isinstance(e.journal_entry_id, int)
    ]
    entries = {}
    if wanted:
        entries = {e.id: e for e in unit_journal_entries(item.assessment.unit, ids=wanted)}
    plan = EvidencePlan(journal_entries=entries)
    for position, evidence in enumerate(given):
        piece_key = f"{key}.evidence.{position}"
        if evidence.keep_id is not None:
            kept = present.get(evidence.keep_id)
            if kept is None:
                errors[f"{piece_key}.id"] = Problem(
                    "not_item_evidence", _l("This evidence is not attached to this item.")
                )
            elif kept not in plan.keep:
                plan.keep.append(kept)
            continue
        _check_new(evidence, piece_key, errors, entries)
        plan.add.append(evidence)
    plan.remove = [piece for piece in item.evidence if piece not in plan.keep]
    return plan


def apply_changes(actor, assessment, item: AssessmentItem, plan: EvidencePlan) -> None:
    """Attach the new evidence (storing files) and detach what is no longer given, each change
    journaled."""
    for piece in plan.remove:
        journal(assessment, "evidence", actor, criterion=item.criterion, before=described(piece))
        item.evidence.remove(piece)
    for evidence in plan.add:
        piece = AssessmentEvidence(kind=evidence.kind, created_by_id=actor.id)
        if evidence.kind == "journal":
            entry = plan.journal_entries[evidence.journal_entry_id]
            piece.journal_entry = entry
            piece.document_number = entry.evidence_document_number
            piece.document_date = entry.evidence_document_date
            piece.url = entry.evidence_url
        elif evidence.kind == "document":
            piece.document_number = evidence.document_number
            piece.document_date = evidence.document_date
        elif evidence.kind == "link":
            piece.url = evidence.url
        else:
            stored = store_evidence(evidence.file_name, evidence.file_stream)
            piece.file_path = stored.path
            piece.file_name = stored.original_name
            piece.file_size = stored.size
        item.evidence.append(piece)
        journal(assessment, "evidence", actor, criterion=item.criterion, after=described(piece))


def described(piece: AssessmentEvidence) -> str:
    """One line a person reads in the journal and on the pages."""
    parts = []
    if piece.kind == "journal" and piece.journal_entry is not None:
        task = piece.journal_entry.assignment.task
        parts.append(f"{task.number} {task.title}"[:120])
    if piece.document_number:
        parts.append(piece.document_number)
    if piece.document_date:
        parts.append(format_date(piece.document_date))
    if piece.url:
        parts.append(piece.url)
    if piece.file_name:
        parts.append(piece.file_name)
    return " · ".join(parts) or piece.kind
