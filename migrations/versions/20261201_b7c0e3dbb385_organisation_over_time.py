"""organisation over time: dated group membership (unit_group_members becomes
unit_group_memberships, with each existing member kept from ever), a commune's division type,
the names a unit bore before a rename, reorganisations, the lineage of units (unit_links), the
transfer of an open assignment to a closed unit's successor and its journal kind "transferred"

unit_links joins the data-version triggers: the figures rolled up into today's units read it.

Revision ID: b7c0e3dbb385
Revises: 3299b49806db
Create Date: 2026-12-01 13:32:23.653106

"""

import sqlalchemy as sa
from alembic import op

from tracker.core.version_triggers import add_triggers, drop_triggers, tables_added_by

# revision identifiers, used by Alembic.
revision = "b7c0e3dbb385"
down_revision = "3299b49806db"
branch_labels = None
depends_on = None

KINDS = (
    "'created', 'progress', 'reported_done', 'confirmed', 'sent_back', 'due_changed', "
    "'extension_requested', 'extension_approved', 'extension_rejected', 'cancelled'"
)
KINDS_BEFORE = f"kind IN ({KINDS})"
KINDS_AFTER = f"kind IN ({KINDS}, 'transferred')"
DIVISION_TYPES = "division_type IN ('xa', 'phuong', 'thi_tran', 'dac_khu')"


def upgrade():
    op.create_table(
        "unit_group_memberships",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["unit_groups.id"],
            name=op.f("fk_unit_group_memberships_group_id_unit_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_unit_group_memberships_unit_id_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_group_memberships")),
        sa.UniqueConstraint(
            "group_id",
            "unit_id",
            "valid_from",
            name=op.f("uq_unit_group_memberships_group_id_unit_id_valid_from"),
        ),
    )
    with op.batch_alter_table("unit_group_memberships", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unit_group_memberships_group_id"), ["group_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_unit_group_memberships_unit_id"), ["unit_id"], unique=False
        )

    op.create_table(
        "unit_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("short_name", sa.String(length=80), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column("decision", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_unit_names_unit_id_units"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_names")),
    )
    with op.batch_alter_table("unit_names", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_unit_names_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "reorganisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("decision", sa.String(length=300), nullable=False),
        sa.Column("source_name", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column(
            "applied_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.Column("applied_by_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["applied_by_id"],
            ["users.id"],
            name=op.f("fk_reorganisations_applied_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reorganisations")),
    )
    with op.batch_alter_table("reorganisations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reorganisations_effective_date"), ["effective_date"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reorganisations_fingerprint"), ["fingerprint"], unique=False
        )

    op.create_table(
        "unit_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("decision", sa.String(length=300), nullable=False),
        sa.Column("partial", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("reorganisation_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('merge', 'absorb', 'split', 'dissolve')", name=op.f("ck_unit_links_kind")
        ),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["units.id"],
            name=op.f("fk_unit_links_predecessor_id_units"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reorganisation_id"],
            ["reorganisations.id"],
            name=op.f("fk_unit_links_reorganisation_id_reorganisations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"],
            ["units.id"],
            name=op.f("fk_unit_links_successor_id_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unit_links")),
        sa.UniqueConstraint(
            "predecessor_id",
            "successor_id",
            "effective_date",
            name=op.f("uq_unit_links_predecessor_id_successor_id_effective_date"),
        ),
    )
    with op.batch_alter_table("unit_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_unit_links_predecessor_id"), ["predecessor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_unit_links_reorganisation_id"), ["reorganisation_id"], unique=False
        )
        batch_op.create_index("ix_unit_links_successor_id", ["successor_id"], unique=False)

    op.create_table(
        "assignment_transfers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("from_unit_id", sa.Integer(), nullable=False),
        sa.Column("to_unit_id", sa.Integer(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("decision", sa.String(length=300), nullable=False),
        sa.Column("reorganisation_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_assignment_transfers_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["from_unit_id"], ["units.id"], name=op.f("fk_assignment_transfers_from_unit_id_units")
        ),
        sa.ForeignKeyConstraint(
            ["reorganisation_id"],
            ["reorganisations.id"],
            name=op.f("fk_assignment_transfers_reorganisation_id_reorganisations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["to_unit_id"], ["units.id"], name=op.f("fk_assignment_transfers_to_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_transfers")),
        sa.UniqueConstraint(
            "assignment_id",
            "effective_date",
            name=op.f("uq_assignment_transfers_assignment_id_effective_date"),
        ),
    )
    with op.batch_alter_table("assignment_transfers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assignment_transfers_assignment_id"), ["assignment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_assignment_transfers_reorganisation_id"),
            ["reorganisation_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_assignment_transfers_to_unit_id"), ["to_unit_id"], unique=False
        )

    op.execute(
        "INSERT INTO unit_group_memberships (group_id, unit_id) "
        "SELECT group_id, unit_id FROM unit_group_members"
    )
    op.drop_table("unit_group_members")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.add_column(sa.Column("division_type", sa.String(length=12), nullable=True))
        batch_op.create_check_constraint(batch_op.f("ck_units_division_type"), DIVISION_TYPES)
    with op.batch_alter_table("progress_updates", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_progress_updates_kind"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_progress_updates_kind"), KINDS_AFTER)
    if op.get_bind().dialect.name == "postgresql":
        add_triggers(op.execute, tables_added_by(revision))


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        drop_triggers(op.execute, tables_added_by(revision))
    op.execute("DELETE FROM progress_updates WHERE kind = 'transferred'")
    with op.batch_alter_table("progress_updates", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_progress_updates_kind"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_progress_updates_kind"), KINDS_BEFORE)
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_units_division_type"), type_="check")
        batch_op.drop_column("division_type")

    op.create_table(
        "unit_group_members",
        sa.Column("group_id", sa.INTEGER(), autoincrement=False, nullable=False),
        sa.Column("unit_id", sa.INTEGER(), autoincrement=False, nullable=False),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["unit_groups.id"],
            name=op.f("fk_unit_group_members_group_id_unit_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"],
            ["units.id"],
            name=op.f("fk_unit_group_members_unit_id_units"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("group_id", "unit_id", name=op.f("pk_unit_group_members")),
    )
    op.execute(
        "INSERT INTO unit_group_members (group_id, unit_id) SELECT DISTINCT group_id, unit_id "
        "FROM unit_group_memberships WHERE valid_to IS NULL"
    )
    with op.batch_alter_table("assignment_transfers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_transfers_to_unit_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_transfers_reorganisation_id"))
        batch_op.drop_index(batch_op.f("ix_assignment_transfers_assignment_id"))

    op.drop_table("assignment_transfers")
    with op.batch_alter_table("unit_links", schema=None) as batch_op:
        batch_op.drop_index("ix_unit_links_successor_id")
        batch_op.drop_index(batch_op.f("ix_unit_links_reorganisation_id"))
        batch_op.drop_index(batch_op.f("ix_unit_links_predecessor_id"))

    op.drop_table("unit_links")
    with op.batch_alter_table("reorganisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reorganisations_fingerprint"))
        batch_op.drop_index(batch_op.f("ix_reorganisations_effective_date"))

    op.drop_table("reorganisations")
    with op.batch_alter_table("unit_names", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_names_unit_id"))

    op.drop_table("unit_names")
    with op.batch_alter_table("unit_group_memberships", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_unit_group_memberships_unit_id"))
        batch_op.drop_index(batch_op.f("ix_unit_group_memberships_group_id"))

    op.drop_table("unit_group_memberships")
