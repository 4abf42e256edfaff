"""issued reports: each quarterly report the office sent, its .docx byte for byte, the figures
it was made from and their SHA-256

Not in the data-version triggers: no cached figure is computed from these rows.

Revision ID: 1974e852413f
Revises: 7b2f4c9e1a05
Create Date: 2026-12-01 18:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "1974e852413f"
down_revision = "7b2f4c9e1a05"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "issued_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("quarter", sa.String(length=7), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=True),
        sa.Column("docx", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["users.id"], name=op.f("fk_issued_reports_issued_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f("fk_issued_reports_plan_id_plans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_reports")),
        sa.UniqueConstraint(
            "plan_id", "quarter", "number", name=op.f("uq_issued_reports_plan_id_quarter_number")
        ),
    )
    with op.batch_alter_table("issued_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issued_reports_plan_id"), ["plan_id"], unique=False)


def downgrade():
    with op.batch_alter_table("issued_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_reports_plan_id"))
    op.drop_table("issued_reports")
