"""data version for cached figures: one counter that deferred triggers bump when a commit
wrote a table the status figures are made of (PostgreSQL only)

Revision ID: db7419dd820e
Revises: 429ce3df06fe
Create Date: 2026-11-29 06:56:55.800291

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'db7419dd820e'
down_revision = '429ce3df06fe'
branch_labels = None
depends_on = None

# As tracker.core.datacache.VERSIONED_TABLES was when this revision was written.
TABLES = ("assignments", "tasks", "plans", "units", "extension_requests")

# Once per transaction, at commit (the constraint triggers are deferred): the counter's row
# lock is the last one a writer takes, so writers never deadlock on it.
BUMP_FUNCTION = """
CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('tracker.data_version_bumped', true) IS DISTINCT FROM
            txid_current()::text THEN
        UPDATE data_version SET version = version + 1 WHERE id = 1;
        PERFORM set_config('tracker.data_version_bumped', txid_current()::text, true);
    END IF;
    RETURN NULL;
END
$$
"""


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
    for table in TABLES:
        op.execute(
            f"CREATE CONSTRAINT TRIGGER bump_data_version AFTER INSERT OR UPDATE OR DELETE "
            f"ON {table} DEFERRABLE INITIALLY DEFERRED FOR EACH ROW "
            "EXECUTE FUNCTION bump_data_version()"
        )
        op.execute(
            f"CREATE TRIGGER bump_data_version_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER bump_data_version ON {table}")
            op.execute(f"DROP TRIGGER bump_data_version_truncate ON {table}")
        op.execute("DROP FUNCTION bump_data_version()")
    op.drop_table('data_version')
