"""The journal of `tracker demo-data`: exactly the requested number of progress_updates.

Each assignment's story (synthetic_rows.Story) needs a few rows: assigned, started, reported
done, confirmed… The rest of the requested number are progress reports spread over the
assignments that started; if fewer rows are requested than the stories need, some completed
assignments are reported done straight from "not started".
"""

from __future__ import annotations

from datetime import timedelta

STARTED = "Đã triển khai thực hiện."
PAUSED = "Tạm dừng, chờ ý kiến chỉ đạo của UBND tỉnh."
SENT_BACK = "Hồ sơ chưa đầy đủ, đề nghị bổ sung và thực hiện lại."
CONFIRMED = "Văn phòng UBND tỉnh xác nhận hoàn thành."
CANCELLED = "Nhiệm vụ không còn phù hợp, UBND tỉnh cho dừng thực hiện."
REASON = "Nhiệm vụ cần thêm thời gian lấy ý kiến các cơ quan liên quan."
NOTES = (
    "Đang triển khai thực hiện.",
    "Đã xây dựng dự thảo, đang lấy ý kiến.",
    "Đang tổng hợp, hoàn thiện báo cáo.",
    "Đã tổ chức họp triển khai.",
)
DECISIONS = {"approved": "Đồng ý gia hạn.", "rejected": "Không đồng ý gia hạn."}


def story_rows(s) -> int:
    rows = 1 + bool(s.start) + (s.state == "paused") + 2 * bool(s.first_report)
    rows += bool(s.completed) + (s.state == "done") + bool(s.cancel)
    if s.ext:
        rows += 1 + (s.ext[3] is not None)
    return rows


def write_journal(builder, updates: int) -> None:
    rng, stories = builder.rng, builder.stories
    total = sum(story_rows(s) for s in stories)
    if total > updates:
        compact = [s for s in stories if s.start and s.completed and not s.first_report]
        if total - updates > len(compact):
            raise ValueError(
                f"--updates must be at least {total - len(compact)} for these "
                f"{len(stories)} assignments"
            )
        for s in rng.sample(compact, total - updates):
            s.start = None
    elif updates > total:
        started = [s for s in stories if s.start]
        if not started:
            raise ValueError("no assignment has started to carry the extra --updates; ask fewer")
        for s in rng.choices(started, k=updates - total):
            s.fillers += 1
    for s in stories:
        tell(builder, s)


def tell(b, s) -> None:
    """The journal, extension request and final row of one assignment."""
    rng, at, lead, office = b.rng, b.at, b.authors.get(s.unit), b.office
    events = []  # (moment, order, author, kind, state, progress, old due, new due, note, evidence)

    def add(moment, order, author, kind, state=None, progress=None, due=(None, None), note="",
            evidence=(None, None)):  # fmt: skip
        events.append((moment, order, author, kind, state, progress, *due, note, *evidence))

    dates = (s.issued, s.start, s.first_report, s.completed, s.cancel, s.ext and s.ext[0])
    add(at(min(d for d in dates if d), 8), 0, office, "created", "not_started", 0, (None, s.orig))
    if s.start:
        start = at(s.start, 9)
        if s.first_report or s.completed:
            end = at(s.first_report or s.completed, 15)
        else:
            end = at(s.cancel, 10) if s.cancel else b.now
        if s.state == "paused":
            end = start + (end - start) * rng.uniform(0.6, 0.95)
        top = 95 if s.completed else s.progress
        values = sorted(rng.randint(5, top) for _ in range(1 + s.fillers))
        values[-1] = values[-1] if s.completed else top
        add(start, 1, lead, "progress", "in_progress", values[0], note=STARTED)
        span = max(end - start, timedelta(0))
        moments = sorted(start + span * rng.random() for _ in range(s.fillers))
        for moment, value in zip(moments, values[1:], strict=True):
            add(moment, 2, lead, "progress", "in_progress", value, note=rng.choice(NOTES))
        if s.state == "paused":
            add(end, 3, lead, "progress", "paused", values[-1], note=PAUSED)
    if s.ext:
        requested, new_due, decision, decided = s.ext
        add(at(requested, 10), 4, lead, "extension_requested", due=(s.orig, new_due), note=REASON)
        if decided is not None:
            kept = new_due if decision == "approved" else s.orig
            add(at(decided, 14), 4, office, f"extension_{decision}", due=(s.orig, kept),
                note=DECISIONS[decision])  # fmt: skip
        b.rows["extension_requests"].append((
            b.new_id("extension_requests"), s.aid, lead, at(requested, 10), new_due, REASON,
            decision, decided and office, decided and at(decided, 14), decided,
            DECISIONS.get(decision, ""),
        ))  # fmt: skip
    evidence = (None, None)
    for day in (s.first_report, s.completed):
        if day:
            evidence = (f"{rng.randint(1, 999)}/BC-{b.suffix[s.unit]}", day)
            add(at(day, 15), 5, lead, "reported_done", "awaiting_confirmation", 100,
                evidence=evidence)  # fmt: skip
    if s.first_report:
        sent_back = at(s.first_report + timedelta(days=2), 11)
        add(sent_back, 6, office, "sent_back", "in_progress", note=SENT_BACK)
    if s.state == "done":
        add(at(s.confirm, 16), 7, office, "confirmed", "done", note=CONFIRMED)
    if s.cancel:
        add(at(s.cancel, 10), 8, office, "cancelled", "cancelled", note=CANCELLED)
    events.sort(key=lambda event: (event[0], event[1]))
    state = progress = None
    rows, now = b.rows["progress_updates"], b.now
    for moment, _order, author, kind, new_state, new_progress, *rest in events:
        old_state = old_progress = None
        if new_state is not None and kind != "created":
            old_state = state
            old_progress = progress if new_progress is not None else None
        state = new_state or state
        progress = progress if new_progress is None else new_progress
        rows.append((b.new_id("progress_updates"), s.aid, author, min(moment, now), kind,
                     old_state, new_state, old_progress, new_progress, *rest, None))  # fmt: skip
    revision = (s.due != s.orig) + bool(s.cancel)
    b.rows["assignments"].append((
        s.aid, s.task, s.unit, s.role, s.due, s.orig, state, progress, s.completed, s.cancel,
        *evidence, None, revision, min(events[-1][0], now), 1, s.issued,
    ))  # fmt: skip
