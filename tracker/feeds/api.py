"""/api/v1/feeds: the caller's calendar feeds (routes on the API blueprint)."""

from __future__ import annotations

from flask import jsonify
from flask_login import current_user

from tracker.api.blueprint import bp, json_body
from tracker.api.parsing import Fields
from tracker.core.db import aware
from tracker.core.permissions import requires
from tracker.feeds import services
from tracker.feeds.models import CalendarFeed


def _instant(value) -> str | None:
    return aware(value).isoformat() if value else None


def feed_json(feed: CalendarFeed) -> dict:
    return {
        "id": feed.id,
        "name": feed.name,
        "scope": feed.scope,
        "unit": feed.unit.code if feed.unit else None,
        "plan": feed.plan.code if feed.plan else None,
        "include_done": feed.include_done,
        "include_cooperating": feed.include_cooperating,
        "created_at": _instant(feed.created_at),
        "last_used_at": _instant(feed.last_used_at),
        "revoked_at": _instant(feed.revoked_at),
    }


@bp.get("/feeds")
@requires("view")
def list_feeds():
    return jsonify({"items": [feed_json(f) for f in services.user_feeds(current_user)]})


@bp.post("/feeds")
@requires("view")
def create_feed():
    fields = Fields(json_body())
    scope = fields.string("scope", required=True)
    unit = fields.optional_string("unit")
    plan = fields.optional_string("plan")
    name = fields.string("name")
    include_done = fields.boolean("include_done")
    include_cooperating = fields.boolean("include_cooperating")
    fields.check()
    feed, url = services.create_feed(
        current_user,
        scope=scope,
        unit_code=unit,
        plan_code=plan,
        name=name,
        include_done=include_done,
        include_cooperating=include_cooperating,
    )
    # The URL holds the secret: in this answer only, never again.
    return jsonify(feed_json(feed) | {"url": url}), 201


@bp.delete("/feeds/<id:feed_id>")
@requires("view")
def delete_feed(feed_id: int):
    services.revoke_feed(current_user, feed_id)
    return "", 204
