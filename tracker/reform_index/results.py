"""A year's results: the ranking every page, the workbook, the decision's annex and the API
show (one list, read once from totals.ranking), a unit's breakdown by lĩnh vực beside the
province's average and its own year before, who may see them, and publication.

Before the office publishes, only the roles that run the year see the ranking (the office,
the appraisers, the province's leaders as viewers); a unit sees its own breakdown once the year
is finalised. Once published, everyone does, without logging in (public_views)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from tracker.audit.services import record
from tracker.core.exceptions import Conflict, Forbidden, ValidationFailed
from tracker.core.permissions import UNIT_ROLES, can
from tracker.core.problems import Problem, changed_meanwhile
from tracker.core.timeutil import local_today
from tracker.core.transactions import commit_or_conflict, lock_row
from tracker.reform_index.models import CriteriaSet, Criterion
from tracker.reform_index.scoring import as_points
from tracker.reform_index.sets import assessed_on, find_set
from tracker.reform_index.totals import RankedUnit, ranking
from tracker.reform_index.unsent import did_not_self_assess
from tracker.units.models import Unit
from tracker.units.queries import names_of_day

# The roles that see a year's ranking before it is published.
RESULTS_ROLES = frozenset({"admin", "office", "appraiser", "viewer"})


@dataclass
class RankingItem:
    """One unit's line of the ranking, as the API, the pages and the annex give it."""

    unit: Unit
    unit_code: str
    unit_name: str  # as the unit was called at the end of the year
    short_name: str
    self_total: float | None
    appraised_total: float | None
    survey: float | None
    total: float | None
    index: float | None
    rank: int | None
    band: str | None
    # The unit sent no self-assessment: the appraisers scored it from its records.
    did_not_self_assess: bool
    ranked: RankedUnit


def ranking_items(criteria_set: CriteriaSet) -> list[RankingItem]:
    rows = ranking(criteria_set)
    names = names_of_day([row.unit for row in rows], assessed_on(criteria_set))
    items = []
    for row in rows:
        totals = row.totals
        items.append(
            RankingItem(
                unit=row.unit,
                unit_code=row.unit.code,
                unit_name=names[row.unit.id][0],
                short_name=names[row.unit.id][1],
                self_total=None if totals is None else totals.self_total,
                appraised_total=None if totals is None else totals.appraised_total,
                survey=None if totals is None else totals.survey,
                total=None if totals is None else totals.total,
                index=None if totals is None else totals.index,
                rank=row.rank,
                band=row.band,
                did_not_self_assess=did_not_self_assess(row.assessment),
                ranked=row,
            )
        )
    return items


# -- who sees what --------------------------------------------------------------------------


def is_published(criteria_set: CriteriaSet | None) -> bool:
    return criteria_set is not None and criteria_set.state == "published"


def may_see_ranking(user, criteria_set: CriteriaSet) -> bool:
    """Everyone once published; before, the roles that run the year (None: a visitor)."""
    if is_published(criteria_set):
        return True
    return user is not None and can(user, "view") and user.role in RESULTS_ROLES


def may_see_unit(user, criteria_set: CriteriaSet, unit: Unit) -> bool:
    """The ranking's readers, and a unit's own people once the year is finalised."""
    if may_see_ranking(user, criteria_set):
        return True
    return (
        user is not None
        and can(user, "view")
        and user.role in UNIT_ROLES
        and user.unit_id == unit.id
        and criteria_set.state != "open"
    )


def not_published(criteria_set: CriteriaSet) -> Problem:
    return Problem(
        "index_not_published",
        _l("The reform index of %(year)s has not been published yet."),
        year=str(criteria_set.year),
    )


def require_ranking_reader(user, criteria_set: CriteriaSet) -> None:
    if not may_see_ranking(user, criteria_set):
        raise Forbidden(not_published(criteria_set))


def require_unit_reader(user, criteria_set: CriteriaSet, unit: Unit) -> None:
    if not may_see_unit(user, criteria_set, unit):
        raise Forbidden(not_published(criteria_set))


def previous_set(user, criteria_set: CriteriaSet) -> CriteriaSet | None:
    """The same kind's set of the year before, when this reader may see its ranking."""
    before = find_set(criteria_set.year - 1, criteria_set.kind)
    if before is None or before.state == "open" or not may_see_ranking(user, before):
        return None
    return before


def area_average(scored: list[RankingItem], criterion_id: int) -> float | None:
    """The province's average on one criterion, over the units with a total."""
    return average_points([item.ranked.totals.by_criterion[criterion_id] for item in scored])


# -- a unit's breakdown ---------------------------------------------------------------------


@dataclass
class AreaRow:
    """A lĩnh vực: its maximum, the unit's points, the province's average and the unit's
    points on the lĩnh vực of the same number the year before."""

    criterion: Criterion
    points: float | None
    average: float | None
    before: float | None
    before_max: float | None


@dataclass
class Breakdown:
    criteria_set: CriteriaSet
    item: RankingItem
    areas: list[AreaRow]
    average_total: float | None
    average_index: float | None
    units: int  # with a total, the average's count
    previous_set: CriteriaSet | None
    previous: RankingItem | None


def average_points(values: list[float]) -> float | None:
    """The mean of points, two decimals; None of nothing."""
    return as_points(sum(values) / len(values)) if values else None


def unit_breakdown(user, criteria_set: CriteriaSet, unit: Unit) -> Breakdown | None:
    """None when the set does not assess the unit."""
    items = ranking_items(criteria_set)
    item = next((i for i in items if i.unit.id == unit.id), None)
    if item is None:
        return None
    scored = [i for i in items if i.total is not None]
    before_set = previous_set(user, criteria_set)
    previous, before_areas = None, {}
    if before_set is not None:
        previous = next((i for i in ranking_items(before_set) if i.unit.id == unit.id), None)
        if previous is not None and previous.ranked.totals is not None:
            by_id = previous.ranked.totals.by_criterion
            before_areas = {
                c.number: (by_id.get(c.id), float(c.max_points))
                for c in before_set.criteria
                if c.parent_id is None
            }
    areas = []
    for criterion in criteria_set.criteria:
        if criterion.parent_id is not None:
            continue
        totals = item.ranked.totals
        before, before_max = before_areas.get(criterion.number, (None, None))
        areas.append(
            AreaRow(
                criterion=criterion,
                points=None if totals is None else totals.by_criterion.get(criterion.id),
                average=area_average(scored, criterion.id),
                before=before,
                before_max=before_max,
            )
        )
    return Breakdown(
        criteria_set=criteria_set,
        item=item,
        areas=areas,
        average_total=average_points([i.total for i in scored]),
        average_index=average_points([i.index for i in scored]),
        units=len(scored),
        previous_set=before_set,
        previous=previous,
    )


# -- publication ----------------------------------------------------------------------------


def publish(actor, criteria_set: CriteriaSet, version: int | None = None) -> CriteriaSet:
    """The office publishes a finalised year: its ranking and each unit's breakdown become
    public. Publishing twice is refused; so is a version other than the one the office saw."""
    if not can(actor, "manage_index"):
        raise Forbidden(Problem("index_office_only", _l("Only the provincial office can do this.")))
    lock_row(criteria_set)
    if version is not None and version != criteria_set.version:
        raise Conflict(changed_meanwhile())
    if criteria_set.state == "published":
        raise Conflict(
            Problem(
                "index_already_published",
                _l("The reform index of %(year)s was published on %(day)s."),
                year=str(criteria_set.year),
                day=criteria_set.published_on,
            )
        )
    if criteria_set.state != "finalised":
        problem = Problem(
            "index_not_finalised",
            _l("Only a finalised reform index can be published: finalise the year first."),
        )
        raise ValidationFailed(problem, {"state": problem})
    criteria_set.state = "published"
    criteria_set.published_on = local_today()
    record(
        "index_published",
        actor,
        criteria_set,
        year=criteria_set.year,
        kind=criteria_set.kind,
    )
    commit_or_conflict()
    return criteria_set
