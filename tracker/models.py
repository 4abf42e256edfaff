"""Imports every domain's models so that the metadata is complete (for Alembic and tests)."""

from tracker.accounts.models import ApiToken, LoginSession, User
from tracker.assignments.models import (
    Assignment,
    AssignmentPeriod,
    AssignmentTransfer,
    ExtensionRequest,
    JournalEntry,
)
from tracker.audit.models import AuditEvent
from tracker.core.datacache import DataVersion
from tracker.feeds.models import CalendarFeed
from tracker.figures.models import (
    FigureDay,
    FigureMonth,
    FigurePending,
    FigureSettings,
    FigureTotal,
    FigureYear,
)
from tracker.indicators.models import Indicator, IndicatorCheck, IndicatorReport, IndicatorSet
from tracker.notifications.models import Notification
from tracker.plans.models import Plan, PlanSection, Task
from tracker.reform_index.models import (
    Assessment,
    AssessmentEvidence,
    AssessmentItem,
    CriteriaSet,
    Criterion,
    IndexJournalEntry,
)
from tracker.reminders.models import (
    AdhocReminder,
    CalendarDay,
    DeliveryAttempt,
    ReminderDelivery,
    ReminderPolicy,
)
from tracker.reports.models import IssuedReport
from tracker.units.models import (
    Reorganisation,
    Unit,
    UnitGroup,
    UnitGroupMembership,
    UnitLink,
    UnitName,
)

__all__ = [
    "Assessment",
    "AssessmentEvidence",
    "AssessmentItem",
    "CriteriaSet",
    "Criterion",
    "IndexJournalEntry",
    "Indicator",
    "IndicatorCheck",
    "IndicatorReport",
    "IndicatorSet",
    "AdhocReminder",
    "CalendarDay",
    "DeliveryAttempt",
    "ReminderDelivery",
    "ReminderPolicy",
    "ApiToken",
    "Assignment",
    "AssignmentPeriod",
    "AssignmentTransfer",
    "AuditEvent",
    "CalendarFeed",
    "DataVersion",
    "ExtensionRequest",
    "IssuedReport",
    "LoginSession",
    "Notification",
    "Plan",
    "PlanSection",
    "JournalEntry",
    "Task",
    "Unit",
    "UnitGroup",
    "User",
    "UnitGroupMembership",
    "UnitLink",
    "UnitName",
    "Reorganisation",
    "FigureDay",
    "FigureMonth",
    "FigurePending",
    "FigureSettings",
    "FigureTotal",
    "FigureYear",
]
