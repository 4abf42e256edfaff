#!/bin/bash
# The primary's side of the streaming replica (docker-compose.yml, profile "scale"): a role
# that streams the write-ahead log (no superuser, no rights on the tables), and the
# pg_hba.conf line that lets it in for that with its password. The postgres image runs this once, when it creates a new data volume
# (/docker-entrypoint-initdb.d); on an existing volume run it by hand, as often as you like:
#   docker compose exec postgres bash /docker-entrypoint-initdb.d/10-replication-role.sh
# It also sets the role's password again, after a change of POSTGRES_REPLICATION_PASSWORD.
# No `exit` and no `set -u`: the image sources this file when it is not executable.
set -eo pipefail

replication_password="${POSTGRES_REPLICATION_PASSWORD:?set POSTGRES_REPLICATION_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
    --set password="$replication_password" <<'SQL'
SELECT 'CREATE ROLE replicator' WHERE NOT EXISTS (
    SELECT FROM pg_roles WHERE rolname = 'replicator'
)\gexec
ALTER ROLE replicator WITH REPLICATION LOGIN PASSWORD :'password';
SQL

# "all" in the database column does not cover replication connections: they need their own.
hba_line="host replication replicator all scram-sha-256"
grep -qxF "$hba_line" "$PGDATA/pg_hba.conf" || echo "$hba_line" >> "$PGDATA/pg_hba.conf"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
    --quiet --command "SELECT pg_reload_conf()" > /dev/null
