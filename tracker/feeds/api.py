"""/api/v1/feeds: the caller's calendar feeds (routes on the API blueprint)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from flask_login import current_user
from pydantic import Field, PlainSerializer, WithJsonSchema

from tracker.api.answers import Answer, answered
from tracker.api.blueprint import bp
from tracker.api.bodies import Body, described, read_body
from tracker.api.fields import Flag, OptionalText, RequiredText, Text
from tracker.api.operations import operation
from tracker.core.db import aware
from tracker.core.permissions import requires
from tracker.feeds import services
from tracker.feeds.models import SCOPES, CalendarFeed

# As Python writes it ("+00:00"), which is how the feeds have always been answered.
Instant = Annotated[
    datetime,
    PlainSerializer(datetime.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class Feed(Answer):
    """A calendar feed, without its URL."""

    id: int
    name: str
    scope: Literal[SCOPES]
    unit: str | None = Field(description="unit code")
    plan: str | None = Field(description="plan code")
    include_done: bool
    include_cooperating: bool
    created_at: Instant
    last_used_at: Instant | None
    revoked_at: Instant | None

    @classmethod
    def fields_of(cls, feed: CalendarFeed) -> dict:
        return {
            "id": feed.id,
            "name": feed.name,
            "scope": feed.scope,
            "unit": feed.unit.code if feed.unit else None,
            "plan": feed.plan.code if feed.plan else None,
            "include_done": feed.include_done,
            "include_cooperating": feed.include_cooperating,
            "created_at": aware(feed.created_at),
            "last_used_at": aware(feed.last_used_at),
            "revoked_at": aware(feed.revoked_at),
        }

    @classmethod
    def of(cls, feed: CalendarFeed) -> Feed:
        return cls(**cls.fields_of(feed))


class CreatedFeed(Feed):
    """The answer to a creation: the feed and, this once, its secret URL."""

    url: str = Field(json_schema_extra={"format": "uri"})


class FeedList(Answer):
    items: list[Feed]


class NewFeed(Body):
    scope: RequiredText = described(
        enum=list(SCOPES), description="mine: the caller's unit, followed if it changes"
    )
    unit: OptionalText = described(None, description="unit code, for scope unit")
    plan: OptionalText = described(None, description="plan code, for scope plan")
    name: Text = described("", maxLength=100)
    include_done: Flag = False
    include_cooperating: Flag = False


@bp.get("/feeds")
@requires("view")
@operation(
    "listFeeds",
    "The caller's calendar feeds (without their URLs)",
    answers={200: FeedList},
    refusals=(401,),
)
def list_feeds():
    return answered(FeedList(items=[Feed.of(f) for f in services.user_feeds(current_user)]))


@bp.post("/feeds")
@requires("view")
@operation(
    "createFeed",
    "Create an iCalendar feed; its secret URL is in this answer only",
    body=NewFeed,
    answers={201: CreatedFeed},
    refusals=(400, 401, 403, 413, 422),
    links={"revokeFeed": {"feed_id": "$response.body#/id"}},
)
def create_feed():
    new_feed = read_body(NewFeed)
    feed, url = services.create_feed(
        current_user,
        scope=new_feed.scope,
        unit_code=new_feed.unit,
        plan_code=new_feed.plan,
        name=new_feed.name,
        include_done=new_feed.include_done,
        include_cooperating=new_feed.include_cooperating,
    )
    # The URL holds the secret: in this answer only, never again.
    return answered(CreatedFeed(**Feed.fields_of(feed), url=url), 201)


@bp.delete("/feeds/<id:feed_id>")
@requires("view")
@operation(
    "revokeFeed",
    "Revoke one of the caller's feeds: its URL answers 404 from now on",
    answers={204: None},
    refusals=(400, 401, 404),
)
def delete_feed(feed_id: int):
    services.revoke_feed(current_user, feed_id)
    return "", 204
