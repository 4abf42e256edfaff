"""A worker killed with SIGKILL in the middle of a batch, then restarted: every due reminder
is delivered exactly once."""

from __future__ import annotations

from sqlalchemy import select

from tests.reminders.conftest import AS_OF, Worker, run_tracker, wait_until
from tests.reminders.test_reminders_delivery import settled, statuses


def add_people(app, unit_code: str, count: int) -> None:
    from tracker.accounts.models import User
    from tracker.extensions import db
    from tracker.units.models import Unit

    with app.app_context():
        unit = db.session.scalar(select(Unit).where(Unit.code == unit_code))
        for n in range(count):
            db.session.add(
                User(
                    email=f"cv{n}.{unit_code.lower()}@example.vn",
                    full_name=f"Chuyên viên {n}",
                    role="unit_member",
                    unit=unit,
                    password_hash="x",
                )
            )
        db.session.commit()


def test_sigkill_mid_batch_then_restart_delivers_each_reminder_once(
    rapp, smtp, office_world, celery_worker, tmp_path
):
    _controller, recorder = smtp
    add_people(rapp, "SA", 26)  # 30 digests in all
    recorder.behaviour.delay = 0.25  # a slow relay, so the kill lands mid-batch
    assert run_tracker(rapp, "remind", "--as-of", AS_OF.isoformat(), "--no-invites").returncode == 0
    wait_until(lambda: len(recorder.received) >= 6, timeout=60, interval=0.05)
    celery_worker.kill()
    received_at_kill = len(recorder.received)
    assert received_at_kill < 30, "the batch finished before the kill"

    recorder.behaviour.delay = 0
    restarted = Worker(rapp, tmp_path / "worker-restarted.log")
    restarted.start()
    try:
        # The dispatcher's pass (beat runs it every minute) hands the pending rows out again.
        assert (
            run_tracker(rapp, "remind", "--as-of", AS_OF.isoformat(), "--no-invites").returncode
            == 0
        )
        wait_until(settled(rapp, 30), timeout=120)
    finally:
        restarted.stop()
    counts = recorder.by_message_id()
    assert len(counts) == 30
    assert set(counts.values()) == {1}
    final = statuses(rapp)
    assert final.get("sent", 0) + final.get("unknown", 0) == 30
    assert not final.get("pending") and not final.get("failed")
