#!/usr/bin/env bash
# `make run`: the web app, a Celery worker with beat on the embedded broker (no Redis needed),
# and, unless MAIL_SERVER is set, a local mail catcher that keeps every message in
# instance/mail (a Maildir). Ctrl+C stops all three.
set -euo pipefail
cd "$(dirname "$0")/.."
export TRACKER_ENV="${TRACKER_ENV:-development}"
mkdir -p instance

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT INT TERM

if [ -z "${MAIL_SERVER:-}" ]; then
  export MAIL_SERVER=127.0.0.1 MAIL_PORT="${MAIL_PORT:-8025}"
  [ -d instance/mail/new ] || rm -rf instance/mail  # aiosmtpd creates the Maildir itself
  .venv/bin/python -m aiosmtpd -n -l "127.0.0.1:${MAIL_PORT}" \
    -c aiosmtpd.handlers.Mailbox instance/mail > instance/mail.log 2>&1 &
  pids+=($!)
  echo "  Mail is caught in instance/mail (Maildir) on 127.0.0.1:${MAIL_PORT}."
fi

.venv/bin/celery -A worker worker --beat --pool solo --loglevel INFO \
  --schedule instance/celerybeat-schedule > instance/worker.log 2>&1 &
pids+=($!)
echo "  Celery worker and beat: log in instance/worker.log (broker: ${REDIS_URL:-embedded SQLite})."
echo ""
echo "  Open http://127.0.0.1:5000 (or http://localhost:5000, where passkeys work) and log in with"
echo "  one of the demo accounts above; admin and office set up an authenticator app at first login."
echo ""
.venv/bin/tracker run --host 127.0.0.1 --port 5000
