"""The status view's figures as the API answers them (GET /api/v1/status/units) and
`tracker status --json` prints them: each shape once, as the pydantic models that build the
answer and describe it in /api/v1/openapi.json."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import ConfigDict, Field, create_model

from tracker.api.answers import Answer, UnitKind
from tracker.api.operations import QueryParameters
from tracker.plans.areas import AREA_CODES
from tracker.status.services import CLASSES, ROLL_UPS, SORT_KEYS, StatusTable
from tracker.units.models import UNIT_KINDS

# A share from 0 to 1; null when there is nothing to share (nothing was due yet).
Rate = float | None
RATE = Field(ge=0, le=1)


class StatusQuery(QueryParameters):
    """Read by tracker.plans.filters, as the status page reads them."""

    plan: str
    area: Literal[AREA_CODES]
    period: str = Field(description="2021, 2021-Q3 or dd/mm/yyyy..dd/mm/yyyy")
    checkpoint: str = Field(
        description="only recurring tasks' checkpoints of this period (2021-Q3, Quý III/2021)"
    )
    unit_kind: UnitKind
    as_of: date
    order: Literal[SORT_KEYS]
    desc: Literal["1"]
    roll_up: Literal[ROLL_UPS] = Field(
        description="current: the rows are today's units, each closed unit's figures added "
        "into the row of the unit it became (through every successor); the totals are the same"
    )


# Lead assignments by deadline class (cancelled ones left out) and the rates; the quarterly
# report's annex states these, the status view adds the score.
Counts = create_model(
    "Counts",
    __base__=Answer,
    total=int,
    **{name: int for name in CLASSES},
    awaiting_confirmation=(
        int,
        Field(description="Of done_on_time and done_late: reported, not yet confirmed"),
    ),
    completion_rate=(Rate, RATE),
    on_time_rate=(Rate, RATE),
)


class Figures(Counts):
    score: float | None = Field(description="null: nothing was due yet")


class UnitFigures(Figures):
    # valid_to is there only for a unit that no longer exists: the other keys always are.
    model_config = ConfigDict(json_schema_serialization_defaults_required=False)

    unit_code: str
    unit_name: str
    kind: UnitKind
    valid_to: date | None = Field(
        None,
        description="The unit's last day, given only for a unit closed by the day of the "
        "figures (by today when rolled up)",
    )


class StatusFilters(Answer):
    # roll_up is there only when asked for, so that the other answers stay as they were.
    model_config = ConfigDict(json_schema_serialization_defaults_required=False)

    plan: str | None
    area: str | None
    period: str | None
    unit_kind: str | None
    roll_up: Literal[ROLL_UPS] | None = Field(None, description="Given when asked for")
    checkpoint: str | None = Field(None, description="Given when asked for (2021-Q3)")


class _OnlyKindsWithUnits(Answer):
    # A key for each kind that has units: none is always there.
    model_config = ConfigDict(json_schema_serialization_defaults_required=False)


KindSubtotals = create_model(
    "KindSubtotals",
    __base__=_OnlyKindsWithUnits,
    __doc__="By unit kind, for the kinds with units.",
    **{kind: (Figures, None) for kind in UNIT_KINDS},
)


class UnitStatus(Answer):
    as_of: date
    filters: StatusFilters
    units: list[UnitFigures]
    subtotals: KindSubtotals
    totals: Figures

    def as_json(self) -> dict:
        # Every field is given when built, None included; only the kinds without units are
        # left out of the subtotals.
        return self.model_dump(mode="json", exclude_unset=True)


def status_answer(table: StatusTable) -> UnitStatus:
    filters = table.filters
    given = {"roll_up": "current"} if table.roll_up else {}
    if filters.checkpoint:
        given["checkpoint"] = filters.checkpoint
    return UnitStatus(
        as_of=filters.as_of,
        filters=StatusFilters(
            plan=filters.plan,
            area=filters.area,
            period=filters.period,
            unit_kind=filters.unit_kind,
            **given,
        ),
        units=[UnitFigures(**row.as_dict()) for row in table.rows()],
        subtotals=KindSubtotals(
            **{kind: Figures(**table.subtotals[kind].as_dict()) for kind in table.groups}
        ),
        totals=Figures(**table.totals.as_dict()),
    )
