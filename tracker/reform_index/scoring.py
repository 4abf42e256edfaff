"""The arithmetic of the reform index, in one place and free of the database: whether points
fit a sub-criterion, a tree's totals, the index, the ranking with shared ties and the band."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from tracker.core.problems import Problem

POINTS_PLACES = 2


def as_points(value: float | int | Decimal) -> float:
    """Points are kept to two decimals (the decisions use 0,25 and 0,5 steps)."""
    return float(round(Decimal(str(value)), POINTS_PLACES))


@dataclass(frozen=True)
class Node:
    """What the arithmetic needs of a criterion: its place in the tree and how it is scored."""

    id: int
    parent_id: int | None
    max_points: float
    choose_one: bool = False
    rule: str = "number"
    step: float | None = None
    levels: tuple[float, ...] = ()


def node_of(criterion) -> Node:
    return Node(
        id=criterion.id,
        parent_id=criterion.parent_id,
        max_points=float(criterion.max_points),
        choose_one=bool(criterion.choose_one),
        rule=criterion.rule,
        step=None if criterion.step is None else float(criterion.step),
        levels=tuple(float(level["points"]) for level in (criterion.levels or ())),
    )


def points_problem(node: Node, points: float) -> Problem | None:
    """Why these points cannot be given on this sub-criterion, or None when they fit."""
    if points < 0 or points > node.max_points:
        return Problem(
            "points_out_of_range",
            _l("Points must be between 0 and %(max)s."),
            max=shown_points(node.max_points),
        )
    if node.rule == "levels" and node.levels:
        if not any(abs(points - level) < 0.005 for level in node.levels):
            choices = "; ".join(shown_points(level) for level in sorted(set(node.levels)))
            return Problem(
                "points_not_a_level",
                _l("Points must be one of the levels: %(levels)s."),
                levels=choices,
            )
        return None
    if node.step:
        steps = Decimal(str(points)) / Decimal(str(node.step))
        if steps != steps.to_integral_value():
            return Problem(
                "points_off_step",
                _l("Points go in steps of %(step)s."),
                step=shown_points(node.step),
            )
    return None


def shown_points(points: float) -> str:
    """Points as the decisions write them: 0,25 and 1 (not 1,00)."""
    text = f"{points:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def children_of(nodes: Iterable[Node]) -> dict[int | None, list[Node]]:
    children: dict[int | None, list[Node]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    return children


def leaves(nodes: Iterable[Node]) -> list[Node]:
    nodes = list(nodes)
    parents = {node.parent_id for node in nodes}
    return [node for node in nodes if node.id not in parents]


def tree_totals(nodes: Iterable[Node], leaf_points: Mapping[int, float | None]) -> dict[int, float]:
    """Each criterion's points: a leaf's own (none counts 0), a parent's the sum of its
    children's, or the best of them when the unit chooses one."""
    children = children_of(nodes)
    totals: dict[int, float] = {}

    def total(node: Node) -> float:
        kids = children.get(node.id)
        if not kids:
            value = leaf_points.get(node.id) or 0.0
        else:
            values = [total(kid) for kid in kids]
            value = max(values) if node.choose_one else sum(values)
        totals[node.id] = as_points(value)
        return totals[node.id]

    for root in children.get(None, []):
        total(root)
    return totals


def grand_total(nodes: Iterable[Node], leaf_points: Mapping[int, float | None]) -> float:
    nodes = list(nodes)
    totals = tree_totals(nodes, leaf_points)
    return as_points(sum(totals[node.id] for node in nodes if node.parent_id is None))


def maximum(nodes: Iterable[Node]) -> float:
    """The set's maximum: the roots' maxima (the import checked each parent against its
    children)."""
    return as_points(sum(node.max_points for node in nodes if node.parent_id is None))


def index_of(total: float | None, max_points: float) -> float | None:
    """The index: total / max × 100, two decimals; None when nothing is scored yet."""
    if total is None or max_points <= 0:
        return None
    return as_points(Decimal(str(total)) * 100 / Decimal(str(max_points)))


def ranks(totals: Mapping[object, float | None]) -> dict[object, int | None]:
    """Competition ranking, ties shared: 95, 90, 90, 85 rank 1, 2, 2, 4. No total, no rank."""
    scored = sorted((value for value in totals.values() if value is not None), reverse=True)
    first_place = {}
    for place, value in enumerate(scored, start=1):
        first_place.setdefault(value, place)
    return {key: None if value is None else first_place[value] for key, value in totals.items()}


def band_for(index: float | None, bands: Iterable[Mapping]) -> str | None:
    """The band whose lowest index the unit reaches, the bands taken highest first."""
    if index is None:
        return None
    for band in sorted(bands, key=lambda band: float(band["min"]), reverse=True):
        if index >= float(band["min"]):
            return band["label"]
    return None
