"""assignments as of a day: the day each was assigned, and its periods (what held from one
change to the next), filled from the journal

Existing assignments count as assigned on their plan's issue date (else on the day of their
first journal entry). Their periods are replayed from the journal by the same function that
repairs them later (tracker.assignments.replay.rebuild_periods).

Revision ID: 7b2f4c9e1a05
Revises: dc758ccc2fc7
Create Date: 2026-12-01 12:00:00.000000

"""

from alembic import op
import sqlalchemy as sa

from tracker.assignments.replay import rebuild_periods
from tracker.core.timeutil import local_date_of, local_today
from tracker.core.version_triggers import add_triggers, drop_triggers, tables_added_by


# revision identifiers, used by Alembic.
revision = "7b2f4c9e1a05"
down_revision = "dc758ccc2fc7"
branch_labels = None
depends_on = None


def _fill_assigned_on(bind) -> None:
    rows = bind.execute(
        sa.text(
            "SELECT a.id, p.issued_on, "
            "(SELECT MIN(j.created_at) FROM progress_updates j WHERE j.assignment_id = a.id) "
            "AS first_entry "
            "FROM assignments a JOIN tasks t ON t.id = a.task_id JOIN plans p ON p.id = t.plan_id"
        ).columns(
            sa.column("id", sa.Integer),
            sa.column("issued_on", sa.Date),
            sa.column("first_entry", sa.DateTime(timezone=True)),
        )
    ).all()
    today = local_today()
    days = []
    for assignment_id, issued_on, first_entry in rows:
        day = issued_on or (local_date_of(first_entry) if first_entry else today)
        days.append({"id": assignment_id, "day": day})
    if days:
        bind.execute(sa.text("UPDATE assignments SET assigned_on = :day WHERE id = :id"), days)


def upgrade():
    bind = op.get_bind()
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assigned_on", sa.Date(), nullable=True))
    _fill_assigned_on(bind)
    if bind.dialect.name == "postgresql":
        # Run the data-version triggers the UPDATE queued: PostgreSQL alters no table with
        # trigger events pending.
        op.execute("SET CONSTRAINTS bump_data_version IMMEDIATE")
        op.execute("SET CONSTRAINTS bump_data_version DEFERRED")
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.alter_column("assigned_on", existing_type=sa.Date(), nullable=False)

    op.create_table(
        "assignment_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("progress", sa.SmallInteger(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("cancelled_on", sa.Date(), nullable=True),
        sa.Column("evidence_document_number", sa.String(length=100), nullable=True),
        sa.Column("evidence_document_date", sa.Date(), nullable=True),
        sa.Column("evidence_url", sa.String(length=1000), nullable=True),
        sa.CheckConstraint(
            "state IN ('not_started', 'in_progress', 'paused', 'awaiting_confirmation', "
            "'done', 'cancelled')",
            name=op.f("ck_assignment_periods_state"),
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_assignment_periods_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_periods")),
        sa.UniqueConstraint(
            "assignment_id", "valid_from", name=op.f("uq_assignment_periods_assignment_id_valid_from")
        ),
    )
    with op.batch_alter_table("assignment_periods", schema=None) as batch_op:
        batch_op.create_index("ix_assignment_periods_valid", ["valid_from", "valid_to"])
    rebuild_periods(bind)
    if bind.dialect.name == "postgresql":
        add_triggers(op.execute, tables_added_by(revision))


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        drop_triggers(op.execute, tables_added_by(revision))
    op.drop_table("assignment_periods")
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_column("assigned_on")
