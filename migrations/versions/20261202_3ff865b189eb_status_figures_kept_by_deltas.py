"""Status figures kept by deltas: per (plan, unit, class) steps by day, month and year, and their
totals, maintained by PostgreSQL triggers in the same transaction as every change of an
assignment's periods (tracker/figures/sql.py); counted once from the periods already there.

Revision ID: 3ff865b189eb
Revises: 794f6bcd1ae6
Create Date: 2026-12-02 01:43:42.263415

"""

import sqlalchemy as sa
from alembic import op

from tracker.figures import sql as figures_sql
from tracker.figures.check import compare

# revision identifiers, used by Alembic.
revision = "3ff865b189eb"
down_revision = "794f6bcd1ae6"
branch_labels = None
depends_on = None

# The app's default window; an app set otherwise reads from the rows until check-figures
# --repair makes the figures with its own.
DUE_SOON_DAYS = 7
BACKUP = {"backup": False}


def _key_columns(table: str) -> list:
    return [
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("cls", sa.String(length=16), nullable=False),
        sa.Column("awaiting", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["plans.id"], name=op.f(f"fk_{table}_plan_id_plans"), ondelete="CASCADE"
        ),
    ]


def upgrade():
    op.create_table(
        "figure_pending",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("txid", sa.BigInteger(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("cls", sa.String(length=16), nullable=False),
        sa.Column("awaiting", sa.Boolean(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_pending")),
        info=BACKUP,
    )
    with op.batch_alter_table("figure_pending", schema=None) as batch_op:
        batch_op.create_index("ix_figure_pending_txid", ["txid"], unique=False)
    op.create_table(
        "figure_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("due_soon_days", sa.Integer(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_figure_settings_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_settings")),
        info=BACKUP,
    )
    for table, column, kind in (
        ("figure_days", "day", sa.Date()),
        ("figure_months", "month", sa.Date()),
        ("figure_years", "year", sa.Integer()),
    ):
        op.create_table(
            table,
            sa.Column(column, kind, nullable=False),
            sa.Column("delta", sa.Integer(), nullable=False),
            *_key_columns(table),
            sa.PrimaryKeyConstraint(
                column, "plan_id", "unit_id", "cls", "awaiting", name=op.f(f"pk_{table}")
            ),
            info=BACKUP,
        )
    op.create_table(
        "figure_totals",
        sa.Column("count", sa.Integer(), nullable=False),
        *_key_columns("figure_totals"),
        sa.PrimaryKeyConstraint(
            "plan_id", "unit_id", "cls", "awaiting", name=op.f("pk_figure_totals")
        ),
        info=BACKUP,
    )
    op.execute(f"INSERT INTO figure_settings (id, due_soon_days) VALUES (1, {DUE_SOON_DAYS})")
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite (the embedded demo) counts from the rows
    op.execute("ALTER TABLE figure_pending SET UNLOGGED")
    figures_sql.create(op.execute)
    connection = op.get_bind()
    compare(
        lambda statement, params=None: connection.execute(sa.text(statement), params or {}),
        DUE_SOON_DAYS,
        repair=True,
    )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        figures_sql.drop(op.execute)
    for table in ("figure_totals", "figure_years", "figure_months", "figure_days"):
        op.drop_table(table)
    op.drop_table("figure_settings")
    with op.batch_alter_table("figure_pending", schema=None) as batch_op:
        batch_op.drop_index("ix_figure_pending_txid")
    op.drop_table("figure_pending")
