#!/bin/bash
# The streaming replica of docker-compose.yml's profile "scale", run as the postgres user.
# On an empty volume it copies the primary with pg_basebackup -R (which writes standby.signal
# and primary_conninfo) through a replication slot of its own, so that the primary keeps the
# WAL the replica has not received yet; then it runs PostgreSQL as a hot standby: read-only
# queries, every change replayed from the primary as it streams in. Arguments are passed on
# to postgres. To copy the primary afresh, empty the replica's volume and start it again.
set -euo pipefail

export PGPASSWORD="${POSTGRES_REPLICATION_PASSWORD:?set POSTGRES_REPLICATION_PASSWORD}"
primary=(--host "${PRIMARY_HOST:-postgres}" --port "${PRIMARY_PORT:-5432}" --username replicator)
slot="${REPLICATION_SLOT:-replica_1}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    until pg_isready "${primary[@]}" --timeout 5 > /dev/null; do
        echo "waiting for the primary at ${PRIMARY_HOST:-postgres}"
        sleep 2
    done
    # A slot left by an earlier copy of this replica would hold WAL for nobody.
    pg_receivewal "${primary[@]}" --slot "$slot" --drop-slot 2> /dev/null || true
    pg_basebackup "${primary[@]}" --pgdata "$PGDATA" --write-recovery-conf \
        --wal-method stream --create-slot --slot "$slot" --checkpoint fast
fi
chmod 0700 "$PGDATA"
exec postgres "$@"
