"""The assessment's journal: every change, who made it, when, before, after and why."""

from __future__ import annotations

from tracker.extensions import db
from tracker.reform_index.models import Assessment, Criterion, IndexJournalEntry


def journal(
    assessment: Assessment,
    action: str,
    author,
    *,
    criterion: Criterion | None = None,
    before: object = None,
    after: object = None,
    reason: str = "",
) -> IndexJournalEntry:
    """Record one change in the same transaction as the change itself."""
    entry = IndexJournalEntry(
        assessment_id=assessment.id,
        criterion_id=None if criterion is None else criterion.id,
        author_id=None if author is None else author.id,
        action=action,
        before=None if before is None else str(before),
        after=None if after is None else str(after),
        reason=reason or "",
    )
    db.session.add(entry)
    return entry
