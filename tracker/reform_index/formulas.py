"""Computed criteria (a stub until the formulas land): the registry of named formulas and the
refresh of an assessment's computed items."""

from __future__ import annotations

FORMULAS: dict = {}


def is_computed(criterion) -> bool:
    return criterion.rule == "computed"


def refresh_computed(assessment) -> None:
    """Fill in the points and working of each computed item (nothing yet)."""
