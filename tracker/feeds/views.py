"""The page "Lịch công việc" (create, copy, revoke feed URLs) and the feed itself."""

from __future__ import annotations

import gzip
import threading
from collections import OrderedDict

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from tracker.core import redaction
from tracker.core.errors import on_failure
from tracker.core.forms import show_service_errors
from tracker.core.permissions import public, requires
from tracker.core.replicas import replica_reads
from tracker.extensions import db
from tracker.feeds import services
from tracker.feeds.forms import FeedForm
from tracker.feeds.models import SCOPE_LABELS
from tracker.feeds.publish import is_fresh, publish
from tracker.plans.models import Plan
from tracker.units.models import Unit

bp = Blueprint("feeds", __name__)

GZIP_SUFFIX = "-gzip"  # a strong ETag names one representation: the gzip body has its own
_GZIPPED: OrderedDict[str, bytes] = OrderedDict()  # etag -> gzip body, the last few
_GZIP_LOCK = threading.Lock()


@bp.record_once
def _keep_tokens_out_of_logs(state) -> None:
    redaction.install(state.app.logger.name)


def _feed_form() -> FeedForm:
    form = FeedForm()
    whole_province = current_user.role not in services.UNIT_ROLES
    if whole_province:
        units = db.session.scalars(select(Unit).order_by(Unit.kind, Unit.name))
        form.plan.choices = [
            (p.code, f"{p.code} — {p.title}")
            for p in db.session.scalars(select(Plan).order_by(Plan.year.desc(), Plan.code))
        ]
    else:
        units = [current_user.unit] if current_user.unit else []
    form.unit.choices = [(u.code, services.unit_description(u)) for u in units]
    scopes = [
        (key, label)
        for key, label in SCOPE_LABELS.items()
        if (key != "mine" or current_user.unit_id) and (key != "plan" or whole_province)
    ]
    form.scope.choices = scopes
    if request.method == "GET" and scopes and form.scope.data not in dict(scopes):
        form.scope.data = scopes[0][0]
    return form


def _page(form: FeedForm, new_url: str | None = None, status: int = 200):
    return render_template(
        "feeds/index.html",
        form=form,
        feeds=services.user_feeds(current_user),
        new_url=new_url,
        describe=services.describe,
    ), status


@bp.route("/calendar")
@requires("view")
def index():
    return _page(_feed_form())


@bp.route("/calendar", methods=["POST"])
@requires("view")
def create():
    form = _feed_form()
    if not form.validate_on_submit():
        return _page(form, status=422)
    scope = form.scope.data
    on_failure(lambda error: _refused_page(form, error))
    _feed, url = services.create_feed(
        current_user,
        scope=scope,
        unit_code=form.unit.data if scope == "unit" else None,
        plan_code=form.plan.data if scope == "plan" else None,
        name=form.name.data or "",
        include_done=form.include_done.data,
        include_cooperating=form.include_cooperating.data,
    )
    # The URL holds the secret: shown in this response only, never stored or shown again.
    return _page(_feed_form(), new_url=url, status=201)


def _refused_page(form: FeedForm, error):
    for message in show_service_errors(form, error):
        form.scope.errors = [*form.scope.errors, message]
    return _page(form, status=error.status)


@bp.route("/calendar/<id:feed_id>/revoke", methods=["POST"])
@requires("view")
def revoke(feed_id: int):
    services.revoke_feed(current_user, feed_id)
    flash(_("The calendar link was revoked; subscribed calendars stop updating."), "info")
    return redirect(url_for("feeds.index"))


def _private(response: Response) -> Response:
    # The URL is the secret: no Referer carries it on, no shared cache keeps the body.
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "private, no-cache"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _gzipped(etag: str, body: bytes) -> bytes:
    """Compressing 2 MB takes longer than the rest of the answer: the last few are kept."""
    with _GZIP_LOCK:
        zipped = _GZIPPED.get(etag)
        if zipped is not None:
            _GZIPPED.move_to_end(etag)
            return zipped
    # mtime=0: the same body gives the same bytes, as its ETag promises.
    zipped = gzip.compress(body, compresslevel=6, mtime=0)
    with _GZIP_LOCK:
        _GZIPPED[etag] = zipped
        while len(_GZIPPED) > 16:
            _GZIPPED.popitem(last=False)
    return zipped


@bp.get(services.FEED_PATH.format(token="<token>"))
@replica_reads
@public
def feed(token: str):
    found = services.feed_for_token(token)
    if found is None:
        # Unknown, revoked, or its owner may no longer see it: one answer for all.
        return _private(Response("Not found\n", 404, content_type="text/plain; charset=utf-8"))
    wants_gzip = request.accept_encodings["gzip"] > 0
    if_none_match = request.if_none_match if "If-None-Match" in request.headers else None
    if_modified_since = request.if_modified_since  # None when absent or unparseable

    def fresh(etag: str, last_modified) -> bool:
        tags = (etag, etag + GZIP_SUFFIX)
        return is_fresh(if_none_match, if_modified_since, tags, last_modified)

    published = publish(found, fresh)
    if published.body is None or fresh(published.etag, published.last_modified):
        response = Response(status=304)
    elif wants_gzip:
        response = Response(_gzipped(published.etag, published.body))
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = Response(published.body)
    if response.status_code == 200:
        response.content_type = "text/calendar; charset=utf-8"
    response.set_etag(published.etag + (GZIP_SUFFIX if wants_gzip else ""))
    response.last_modified = published.last_modified
    response.vary.add("Accept-Encoding")
    return _private(response)
