"""unit notifications: each person of a unit told what the office decided or changed about its
assignments (the page "Notifications"), and the delivery kind "notice" of the mail telling it

Not in the data-version triggers: no cached figure is computed from these rows.

Revision ID: 6e00a5b9a019
Revises: 5e3a1c7d9b20
Create Date: 2026-12-01 22:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "6e00a5b9a019"
down_revision = "5e3a1c7d9b20"
branch_labels = None
depends_on = None

KINDS_BEFORE = "kind IN ('digest', 'invite', 'adhoc')"
KINDS_AFTER = "kind IN ('digest', 'invite', 'adhoc', 'notice')"


def upgrade():
    with op.batch_alter_table("reminder_deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_reminder_deliveries_kind"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_reminder_deliveries_kind"), KINDS_AFTER)
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivery_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('created', 'confirmed', 'sent_back', 'due_changed', "
            "'extension_approved', 'extension_rejected', 'cancelled')",
            name=op.f("ck_notifications_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_notifications_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["reminder_deliveries.id"],
            name=op.f("fk_notifications_delivery_id_reminder_deliveries"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_notifications_assignment_id"), ["assignment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_notifications_delivery_id"), ["delivery_id"], unique=False
        )
        batch_op.create_index(
            "ix_notifications_user_created", ["user_id", "created_at"], unique=False
        )
        batch_op.create_index(
            "ix_notifications_unread",
            ["user_id"],
            unique=False,
            postgresql_where=sa.text("read_at IS NULL"),
            sqlite_where=sa.text("read_at IS NULL"),
        )


def downgrade():
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_notifications_unread",
            postgresql_where=sa.text("read_at IS NULL"),
            sqlite_where=sa.text("read_at IS NULL"),
        )
        batch_op.drop_index("ix_notifications_user_created")
        batch_op.drop_index(batch_op.f("ix_notifications_delivery_id"))
        batch_op.drop_index(batch_op.f("ix_notifications_assignment_id"))
    op.drop_table("notifications")
    # Notices already in the log would break the narrower check.
    op.execute("DELETE FROM reminder_deliveries WHERE kind = 'notice'")
    with op.batch_alter_table("reminder_deliveries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_reminder_deliveries_kind"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_reminder_deliveries_kind"), KINDS_BEFORE)
