"""The users API: /api/v1/users (find, create), /users/{id} (change, disable, enable),
/users/{id}/invitation (invite again) and /users/import (a file of people, all or nothing).

For tokens of the office and administrators, and of a unit's lead for the staff of their own
unit: who may manage whom is people.rules', applied by the services (a 403 otherwise)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from flask import request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from pydantic import Field

from tracker.accounts import fields
from tracker.accounts.emails import MAX_EMAIL_LENGTH
from tracker.accounts.models import LOCALES, User
from tracker.api.answers import Answer, answered
from tracker.api.blueprint import bp as api_bp
from tracker.api.bodies import Body, described, read_body
from tracker.api.fields import Flag, OptionalText, Text
from tracker.api.operations import (
    WRITE_REFUSALS,
    FormFields,
    QueryParameters,
    operation,
)
from tracker.core.exceptions import NotFound, ValidationFailed, require
from tracker.core.permissions import USER_ROLES, requires
from tracker.core.problems import Problem, one_of
from tracker.core.text import text_problem
from tracker.extensions import db
from tracker.people import services
from tracker.people.onboarding_api import import_file

PERSON_OPERATIONS = ("updatePerson", "invitePerson")


class Person(Answer):
    id: int
    email: str
    name: str
    role: Literal[USER_ROLES]
    unit: str | None = Field(description="the unit's code")
    position: str
    phone: str
    active: bool
    state: Literal[services.STATES] = Field(
        description="invited: no password chosen yet; disabled: active is false"
    )
    last_login_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, user: User) -> Person:
        return cls(
            id=user.id,
            email=user.email,
            name=user.full_name,
            role=user.role,
            unit=user.unit.code if user.unit else None,
            position=user.position,
            phone=user.phone,
            active=user.active,
            state=services.account_state(user),
            last_login_at=user.last_login_at,
            created_at=user.created_at,
        )


class PersonPage(Answer):
    items: list[Person]
    total: int


class Invitation(Answer):
    user_id: int
    email: str
    expires_at: datetime = Field(description="the link opens until then, once")


class PersonQuery(QueryParameters):
    unit: str = Field(description="a unit's code or name")
    role: Literal[USER_ROLES]
    active: bool
    q: str = Field(description="words of the name or the email, without case or diacritics")
    state: Literal[services.STATES]
    last_login: Literal[services.LAST_LOGIN_FILTERS]
    page: int = Field(ge=1, le=1_000_000)
    per_page: int = Field(ge=1, le=200)


class NewPerson(Body):
    email: Text = described(format="email", maxLength=MAX_EMAIL_LENGTH)
    name: Text = described(maxLength=fields.NAME_MAX)
    role: Text = described(enum=list(USER_ROLES))
    unit: OptionalText = described(
        None, description="a unit's code or name; required for unit_lead and unit_member"
    )
    position: Text = described("", maxLength=fields.POSITION_MAX)
    phone: Text = described("", maxLength=fields.PHONE_MAX)
    locale: OptionalText = described(None, enum=list(LOCALES), description="default vi")
    send_invite: Flag = described(True, description="mail the invitation to choose a password")


class PersonChange(Body):
    """The fields to change; a field left out (or null) stays. unit null: no unit."""

    keeps_null = ("unit",)

    email: Text = described(None, format="email", maxLength=MAX_EMAIL_LENGTH)
    name: Text = described(None, maxLength=fields.NAME_MAX)
    role: Text = described(None, enum=list(USER_ROLES))
    unit: OptionalText = described(None, description="a unit's code or name; null: no unit")
    position: Text = described(None, maxLength=fields.POSITION_MAX)
    phone: Text = described(None, maxLength=fields.PHONE_MAX)
    locale: Text = described(None, enum=list(LOCALES))
    active: Flag = described(None, description="false disables the account (give a reason)")
    reason: Text = described("", maxLength=fields.REASON_MAX)


class PeopleFile(FormFields):
    file: bytes = Field(description=".xlsx or .csv (UTF-8): Họ và tên | Email | Đơn vị | …")
    dry_run: bool = Field(False, description="true: check and count, write nothing")


class FileProblem(Answer):
    row: int | None = Field(description="as the spreadsheet numbers it; null: the whole file")
    column: str | None = Field(description="the column's letter (C)")
    message: str = Field(description="in the language of Accept-Language")


class ImportReport(Answer):
    """What the file creates, changes and leaves (or would: dry_run); with any problem, nothing
    was written."""

    created: int
    updated: int
    unchanged: int
    problems: list[FileProblem]


# The API's names of update_person's fields.
CHANGE_FIELDS = {"name": "full_name"}


def _person(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(Problem("user_not_found", _l("This user does not exist."), id=user_id))
    return user


def _flag(name: str, errors: dict) -> bool | None:
    raw = (request.args.get(name) or "").strip().lower()
    if not raw:
        return None
    if raw in ("true", "1"):
        return True
    if raw in ("false", "0"):
        return False
    errors[name] = one_of(("true", "false"))
    return None


def _whole(name: str, default: int):
    raw = (request.args.get(name) or "").strip()
    # What is not a number goes as it is: search_people refuses it with its range.
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 12 else raw or default


@api_bp.get("/users")
@requires("manage_people")
@operation(
    "listPeople",
    "People whose accounts the caller manages, filtered and paginated (a lead: their unit's)",
    answers={200: PersonPage},
    refusals=(401, 403, 422),
    query=PersonQuery,
)
def list_people():
    errors: dict[str, Problem] = {}
    texts = {}
    for name in ("unit", "role", "q", "state", "last_login"):
        value = (request.args.get(name) or "").strip()
        if value and (problem := text_problem(value, multiline=False)):
            errors[name] = problem
        texts[name] = value or None
    active = _flag("active", errors)
    try:
        users, total = services.search_people(
            current_user,
            **{name: None if name in errors else value for name, value in texts.items()},
            active=active,
            page=_whole("page", 1),
            per_page=_whole("per_page", 50),
        )
    except ValidationFailed as refused:
        require(errors | refused.fields)  # every filter refused at once
    require(errors)
    return answered(PersonPage(items=[Person.of(u) for u in users], total=total))


@api_bp.post("/users")
@requires("manage_people")
@operation(
    "createPerson",
    "Create an account; the person chooses a password through the mailed invitation",
    body=NewPerson,
    answers={201: Person},
    refusals=WRITE_REFUSALS,
    links={name: {"user_id": "$response.body#/id"} for name in PERSON_OPERATIONS},
)
def create_person():
    new = read_body(NewPerson)
    user = services.create_person(
        current_user,
        email=new.email,
        full_name=new.name,
        role=new.role,
        unit=new.unit,
        position=new.position,
        phone=new.phone,
        locale=new.locale or "vi",
        send_invite=new.send_invite,
        reason="",
    )
    services.commit()
    return answered(Person.of(user), 201)


@api_bp.patch("/users/<id:user_id>")
@requires("manage_people")
@operation(
    "updatePerson",
    "Change an account's fields, disable it (with a reason) or enable it",
    body=PersonChange,
    answers={200: Person},
    refusals=WRITE_REFUSALS,
)
def update_person(user_id: int):
    change = read_body(PersonChange)
    user = _person(user_id)
    given = change.model_fields_set - {"reason"}
    changes = {CHANGE_FIELDS.get(name, name): getattr(change, name) for name in given}
    services.update_person(current_user, user, reason=change.reason, **changes)
    services.commit()
    return answered(Person.of(user))


@api_bp.post("/users/<id:user_id>/invitation")
@requires("manage_people")
@operation(
    "invitePerson",
    "Mail a new invitation to choose a password; the older link no longer opens",
    answers={202: Invitation},
    refusals=(400, 401, 403, 404, 422),
)
def invite_person(user_id: int):
    user = _person(user_id)
    link = services.send_invitation(current_user, user)
    services.commit()
    return answered(Invitation(user_id=user.id, email=user.email, expires_at=link.expires_at), 202)


@api_bp.post("/users/import")
@requires("manage_people")
@operation(
    "importPeople",
    "Create and change accounts from a file of people, all or nothing (dry_run: only check)",
    form=PeopleFile,
    answers={200: ImportReport, 422: ImportReport},
    refusals=(400, 401, 403, 413),
)
def import_people():
    result = import_file(current_user, request.files.get("file"), request.form.get("dry_run"))
    report = ImportReport(
        created=result.count("create"),
        updated=result.count("update"),
        unchanged=result.count("unchanged"),
        problems=[
            FileProblem(row=p.row, column=p.column, message=p.message) for p in result.problems
        ],
    )
    return answered(report, 422 if result.problems else 200)
