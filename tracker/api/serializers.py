"""Rows as the API's JSON."""

from __future__ import annotations

from datetime import date


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def unit_json(unit) -> dict:
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent_code": unit.parent.code if unit.parent else None,
        "aliases": list(unit.aliases or []),
        "valid_from": iso(unit.valid_from),
        "valid_to": iso(unit.valid_to),
    }


def plan_json(plan) -> dict:
    return {
        "id": plan.id,
        "code": plan.code,
        "title": plan.title,
        "year": plan.year,
        "quarter": plan.quarter,
        "issued_on": iso(plan.issued_on),
        "issuing_body": plan.issuing_body,
    }


def assignment_json(assignment, deadline_class: str) -> dict:
    task = assignment.task
    return {
        "id": assignment.id,
        "task": {
            "id": task.id,
            "number": task.number,
            "title": task.title,
            "plan_code": task.plan.code,
            "area": task.reform_area,
        },
        "unit_code": assignment.unit.code,
        "unit_name": assignment.unit.name,
        "role": assignment.role,
        "due_date": iso(assignment.due_date),
        "original_due_date": iso(assignment.original_due_date),
        "state": assignment.state,
        "deadline_class": deadline_class,
        "progress": assignment.progress,
        "completed_on": iso(assignment.completed_on),
        "evidence": {
            "document_number": assignment.evidence_document_number,
            "document_date": iso(assignment.evidence_document_date),
            "url": assignment.evidence_url,
        },
        "version": assignment.version,
    }


def task_json(task, classes: dict[int, str]) -> dict:
    return {
        "id": task.id,
        "plan_code": task.plan.code,
        "number": task.number,
        "title": task.title,
        "description": task.description,
        "expected_output": task.expected_output,
        "area": task.reform_area,
        "section_id": task.section_id,
        "start_date": iso(task.start_date),
        "due_date": iso(task.due_date),
        "recurrence": task.recurrence,
        "deadline_text": task.deadline_text,
        "needs_confirmation": task.needs_confirmation,
        "cancelled_on": iso(task.cancelled_on),
        "assignments": [assignment_json(a, classes[a.id]) for a in task.assignments],
    }


def extension_json(extension) -> dict:
    return {
        "id": extension.id,
        "assignment_id": extension.assignment_id,
        "requested_date": iso(extension.requested_date),
        "reason": extension.reason,
        "decision": extension.decision,
        "decided_on": iso(extension.decided_on),
        "decision_note": extension.decision_note,
    }
