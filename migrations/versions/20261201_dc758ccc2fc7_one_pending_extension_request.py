"""one pending extension request per assignment: a partial unique index, the backstop of the
services' check under the assignment's row lock

Requests that raced past the old check may already wait twice for one assignment: all but
the first are closed as rejected, with a note saying why, before the index is made.

Revision ID: dc758ccc2fc7
Revises: db7419dd820e
Create Date: 2026-12-01 09:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "dc758ccc2fc7"
down_revision = "db7419dd820e"
branch_labels = None
depends_on = None

PENDING = sa.text("decision = 'pending'")
# "A duplicate of an earlier request still awaiting a decision; closed by the upgrade."
DUPLICATE_NOTE = "Trùng với đề nghị gia hạn trước đó đang chờ xét; đóng khi nâng cấp hệ thống."


def upgrade():
    op.execute(
        sa.text(
            "UPDATE extension_requests SET decision = 'rejected', "
            "decided_at = CURRENT_TIMESTAMP, decided_on = CURRENT_DATE, decision_note = :note "
            "WHERE decision = 'pending' AND EXISTS ("
            "SELECT 1 FROM extension_requests AS earlier "
            "WHERE earlier.assignment_id = extension_requests.assignment_id "
            "AND earlier.decision = 'pending' AND earlier.id < extension_requests.id)"
        ).bindparams(note=DUPLICATE_NOTE)
    )
    if op.get_bind().dialect.name == "postgresql":
        # The UPDATE queued data_version's deferred trigger, and PostgreSQL makes no index on a
        # table with trigger events pending: run them now, then defer the trigger again.
        op.execute("SET CONSTRAINTS bump_data_version IMMEDIATE")
        op.execute("SET CONSTRAINTS bump_data_version DEFERRED")
    with op.batch_alter_table("extension_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_extension_requests_one_pending",
            ["assignment_id"],
            unique=True,
            postgresql_where=PENDING,
            sqlite_where=PENDING,
        )


def downgrade():
    with op.batch_alter_table("extension_requests", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_extension_requests_one_pending", postgresql_where=PENDING, sqlite_where=PENDING
        )
