"""assignment periods carry the assignment's unit and task, and its role as of each period:
figures of a past day read the periods alone, with no join to the assignments

Revision ID: 5e3a1c7d9b20
Revises: 1974e852413f
Create Date: 2026-12-01 20:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5e3a1c7d9b20"
down_revision = "1974e852413f"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assignment_periods", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("task_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("role", sa.String(length=12), nullable=True))
    # No change of role was ever journaled: every period takes the row's role.
    op.execute(
        "UPDATE assignment_periods SET unit_id = (SELECT a.unit_id FROM assignments a "
        "WHERE a.id = assignment_periods.assignment_id), task_id = (SELECT a.task_id FROM "
        "assignments a WHERE a.id = assignment_periods.assignment_id), role = (SELECT a.role "
        "FROM assignments a WHERE a.id = assignment_periods.assignment_id)"
    )
    if op.get_bind().dialect.name == "postgresql":
        # Run the data-version triggers the UPDATE queued: PostgreSQL alters no table with
        # trigger events pending.
        op.execute("SET CONSTRAINTS bump_data_version IMMEDIATE")
        op.execute("SET CONSTRAINTS bump_data_version DEFERRED")
    with op.batch_alter_table("assignment_periods", schema=None) as batch_op:
        batch_op.alter_column("unit_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("task_id", existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column("role", existing_type=sa.String(length=12), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_assignment_periods_unit_id_units"), "units", ["unit_id"], ["id"]
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_assignment_periods_task_id_tasks"),
            "tasks",
            ["task_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_assignment_periods_role"), "role IN ('lead', 'cooperating')"
        )
        batch_op.create_index(
            "ix_assignment_periods_unit_valid", ["unit_id", "valid_from"], unique=False
        )
        batch_op.create_index(
            "ix_assignment_periods_task_valid", ["task_id", "valid_from"], unique=False
        )


def downgrade():
    with op.batch_alter_table("assignment_periods", schema=None) as batch_op:
        batch_op.drop_index("ix_assignment_periods_task_valid")
        batch_op.drop_index("ix_assignment_periods_unit_valid")
        batch_op.drop_constraint(batch_op.f("ck_assignment_periods_role"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_assignment_periods_task_id_tasks"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_assignment_periods_unit_id_units"), type_="foreignkey"
        )
        batch_op.drop_column("role")
        batch_op.drop_column("task_id")
        batch_op.drop_column("unit_id")
