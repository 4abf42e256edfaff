"""Roles are checked on the server for every request, in one place."""

from __future__ import annotations

import pytest
from sqlalchemy import select


def test_every_endpoint_declares_a_permission(app):
    from tracker.core.permissions import PERMISSIONS, PUBLIC

    undeclared = []
    for endpoint, view in app.view_functions.items():
        if endpoint == "static":
            continue
        permission = getattr(view, "required_permission", None)
        if permission != PUBLIC and permission not in PERMISSIONS:
            undeclared.append(endpoint)
    assert undeclared == []


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("unit_member", "/admin/users"),
        ("viewer", "/admin/users"),
        *((role, "/admin/audit") for role in ("unit_member", "unit_lead", "viewer")),
    ],
)
def test_unit_users_and_viewers_cannot_reach_office_pages(client, make_user, login, role, path):
    # A unit's lead reaches /admin/users: their own unit's staff (tests/test_people_pages.py).
    login(make_user(role=role))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("role", ["office", "admin"])
def test_office_reaches_office_pages(client, make_user, login, role):
    login(make_user(role=role))
    assert client.get("/admin/users").status_code == 200
    assert client.get("/admin/audit").status_code == 200


def test_refused_request_is_audited(client, make_user, login, db_session):
    from tracker.audit.models import AuditEvent

    member = make_user(role="unit_member")
    login(member)
    client.get("/admin/audit")
    event = db_session.scalar(select(AuditEvent).where(AuditEvent.action == "forbidden"))
    assert event is not None
    assert event.actor_id == member.id
    assert event.details["path"] == "/admin/audit"


def test_anonymous_user_is_sent_to_login(client):
    response = client.get("/admin/users")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_can_limits_unit_roles_to_their_own_unit(make_user, make_unit, app_ctx):
    from tracker.core.permissions import can

    own, other = make_unit(), make_unit()
    member = make_user(role="unit_member", unit=own)
    office = make_user(role="office")
    viewer = make_user(role="viewer")
    assert can(member, "update_assignment", unit_id=own.id)
    assert not can(member, "update_assignment", unit_id=other.id)
    assert can(office, "update_assignment", unit_id=other.id)
    assert not can(viewer, "update_assignment", unit_id=own.id)
    assert not can(member, "manage_plans")
    assert can(viewer, "view")


def test_disabled_user_has_no_permission(make_user):
    from tracker.core.permissions import can

    assert not can(make_user(role="admin", active=False), "view")


def test_ids_beyond_the_database_range_are_404_not_500(client, make_user, login):
    login(make_user(role="office"))
    for path in ("/tasks/99999999999", "/plans/99999999999", "/plans/0"):
        assert client.get(path).status_code == 404
