"""The results' pages for the roles: /index/<year>/<kind>/results (the ranking with its chart,
the office's publish button, the downloads), a unit's breakdown /results/<unit>, the .xlsx and
the decision's annex (.docx)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.errors import on_failure
from tracker.core.permissions import requires
from tracker.core.replicas import replica_reads
from tracker.core.text import text_problem
from tracker.reform_index.models import INDEX_KIND_LABELS, SET_STATE_LABELS
from tracker.reform_index.results import (
    may_see_ranking,
    publish,
    ranking_items,
    require_ranking_reader,
    require_unit_reader,
    unit_breakdown,
)
from tracker.reform_index.results_annex import render_annex
from tracker.reform_index.results_charts import breakdown_chart_svg, ranking_chart_svg
from tracker.reform_index.results_forms import PublishForm
from tracker.reform_index.results_workbook import results_workbook
from tracker.reform_index.sets import get_set
from tracker.reform_index.totals import set_maximum
from tracker.units.services import get_unit

bp = Blueprint("index_results", __name__, url_prefix="/index")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def ranking_page(criteria_set, *, public: bool, **context):
    items = ranking_items(criteria_set)
    return render_template(
        "reform_index/results.html",
        set=criteria_set,
        items=items,
        public=public,
        max_points=set_maximum(criteria_set),
        chart=ranking_chart_svg(items, criteria_set.bands),
        kind_label=INDEX_KIND_LABELS[criteria_set.kind],
        state_label=SET_STATE_LABELS[criteria_set.state],
        **context,
    )


def unit_page(criteria_set, unit_code: str, reader, *, public: bool):
    unit = None if text_problem(unit_code) else get_unit(unit_code)
    if unit is None:
        abort(404)
    if not public:
        require_unit_reader(reader, criteria_set, unit)
    breakdown = unit_breakdown(reader, criteria_set, unit)
    if breakdown is None:
        abort(404)
    return render_template(
        "reform_index/results_unit.html",
        set=criteria_set,
        b=breakdown,
        public=public,
        chart=breakdown_chart_svg(breakdown),
        kind_label=INDEX_KIND_LABELS[criteria_set.kind],
        show_ranking=public or may_see_ranking(reader, criteria_set),
    )


@bp.route("/<year:year>/<string:kind>/results")
@requires("view")
def results(year: int, kind: str):
    criteria_set = get_set(year, kind)
    require_ranking_reader(current_user, criteria_set)
    form = PublishForm(formdata=None, data={"version": str(criteria_set.version)})
    return ranking_page(criteria_set, public=False, publish_form=form)


@bp.route("/<year:year>/<string:kind>/results/<string:unit_code>")
@requires("view")
def unit_results(year: int, kind: str, unit_code: str):
    return unit_page(get_set(year, kind), unit_code, current_user, public=False)


@bp.route("/<year:year>/<string:kind>/results.xlsx")
@replica_reads
@requires("view")
def results_xlsx(year: int, kind: str):
    criteria_set = get_set(year, kind)
    require_ranking_reader(current_user, criteria_set)
    return send_file(
        results_workbook(criteria_set, ranking_items(criteria_set)),
        as_attachment=True,
        download_name=f"chi-so-cchc-{year}-{kind}.xlsx",
        mimetype=XLSX,
    )


@bp.route("/<year:year>/<string:kind>/annex.docx")
@replica_reads
@requires("view")
def annex_docx(year: int, kind: str):
    criteria_set = get_set(year, kind)
    require_ranking_reader(current_user, criteria_set)
    number = (request.args.get("number") or "").strip()[:20]
    number = None if not number or text_problem(number) else number
    return send_file(
        render_annex(criteria_set, ranking_items(criteria_set), number),
        as_attachment=True,
        download_name=f"phu-luc-chi-so-cchc-{year}-{kind}.docx",
        mimetype=DOCX,
    )


@bp.route("/<year:year>/<string:kind>/publish", methods=["POST"])
@requires("manage_index")
def publish_results(year: int, kind: str):
    criteria_set = get_set(year, kind)
    form = PublishForm()
    if not form.validate_on_submit():
        abort(400)
    back = url_for("index_results.results", year=year, kind=kind)
    on_failure(lambda error: _refused(error, back))
    publish(current_user, criteria_set, form.seen_version())
    flash(
        _(
            "Published: the reform index of %(year)s is public at %(url)s.",
            year=str(year),
            url=url_for("public_index.ranking", year=year, kind=kind, _external=True),
        ),
        "info",
    )
    return redirect(url_for("index_results.results", year=year, kind=kind))


def _refused(error, back: str):
    """A refused publication (not finalised, published already, changed meanwhile): said on
    the results page."""
    flash(str(error.message), "error")
    return redirect(back)
