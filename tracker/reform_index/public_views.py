"""The published reform index, for everyone and without logging in: /public/index (the
published years), /public/index/<year>/<kind> (the ranking) and /public/index/<year>/<kind>/
<unit> (a unit's breakdown by lĩnh vực). Before publication each answers 404, as for a year that
does not exist: nothing of an unpublished year is visible outside the roles."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from sqlalchemy import select

from tracker.core.permissions import public
from tracker.extensions import db
from tracker.reform_index.models import INDEX_KIND_LABELS, CriteriaSet
from tracker.reform_index.results import is_published
from tracker.reform_index.results_views import ranking_page, unit_page
from tracker.reform_index.sets import find_set

bp = Blueprint("public_index", __name__, url_prefix="/public/index")


def published_set(year: int, kind: str) -> CriteriaSet:
    criteria_set = find_set(year, kind)
    if not is_published(criteria_set):
        abort(404)
    return criteria_set


@bp.route("")
@public
def index():
    published = db.session.scalars(
        select(CriteriaSet)
        .where(CriteriaSet.state == "published")
        .order_by(CriteriaSet.year.desc(), CriteriaSet.kind)
    )
    return render_template(
        "reform_index/public_index.html", sets=list(published), kind_labels=INDEX_KIND_LABELS
    )


@bp.route("/<year:year>/<string:kind>")
@public
def ranking(year: int, kind: str):
    return ranking_page(published_set(year, kind), public=True)


@bp.route("/<year:year>/<string:kind>/<string:unit_code>")
@public
def unit(year: int, kind: str, unit_code: str):
    # A visitor: the year before is shown only when it is published too.
    return unit_page(published_set(year, kind), unit_code, None, public=True)
