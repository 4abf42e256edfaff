"""data version for cached figures: one counter that deferred triggers bump when a commit
wrote a table the status figures are made of (PostgreSQL only)

Revision ID: db7419dd820e
Revises: 429ce3df06fe
Create Date: 2026-11-29 06:56:55.800291

"""
from alembic import op
import sqlalchemy as sa

from tracker.core.version_triggers import (
    BUMP_FUNCTION,
    add_triggers,
    drop_triggers,
    tables_added_by,
)


# revision identifiers, used by Alembic.
revision = 'db7419dd820e'
down_revision = '429ce3df06fe'
branch_labels = None
depends_on = None

def upgrade():
    op.create_table('data_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_data_version_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_data_version')),
    info={'backup': False}
    )
    if op.get_bind().dialect.name != "postgresql":
        op.execute("INSERT INTO data_version (id, version) VALUES (1, 0)")
        return
    # Starts from the clock (µs), so a database dropped and made again under a running app
    # never repeats a version that app has cached.
    op.execute(
        "INSERT INTO data_version (id, version) "
        "VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)"
    )
    op.execute(BUMP_FUNCTION)
    add_triggers(op.execute, tables_added_by(revision))


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        drop_triggers(op.execute, tables_added_by(revision))
        op.execute("DROP FUNCTION bump_data_version()")
    op.drop_table('data_version')
