"""A criterion's scoring rule in words, as the pages and the command line show it: "0 to 1,
in steps of 0,25", the levels, or the formula with its parameters."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from tracker.reform_index.formulas import FORMULAS
from tracker.reform_index.scoring import shown_points

RULE_LABELS = {
    "number": _l("Points typed"),
    "levels": _l("A choice of levels"),
    "computed": _l("Computed from the tracker"),
}


def levels_text(levels) -> str:
    return "; ".join(f"{level['label']} = {shown_points(level['points'])}" for level in levels)


def parameters_text(parameters) -> str:
    return ", ".join(f"{name}={value}" for name, value in (parameters or {}).items())


def formula_label(name: str | None) -> str:
    found = FORMULAS.get(name or "")
    return str(found.label) if found is not None else name or ""


def rule_text(criterion) -> str:
    """How a sub-criterion is scored, in a sentence."""
    if criterion.rule == "computed":
        text = _(
            "Computed: %(formula)s (%(name)s(%(parameters)s))",
            formula=formula_label(criterion.formula),
            name=criterion.formula,
            parameters=parameters_text(criterion.parameters),
        )
        if criterion.levels:
            text += "; " + levels_text(criterion.levels)
        return text
    if criterion.rule == "levels":
        return _("Levels: %(levels)s", levels=levels_text(criterion.levels or ()))
    if criterion.step:
        return _(
            "From 0 to %(max)s, in steps of %(step)s",
            max=shown_points(criterion.max_points),
            step=shown_points(criterion.step),
        )
    return _("From 0 to %(max)s", max=shown_points(criterion.max_points))
