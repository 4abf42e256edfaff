"""The rows of `tracker demo-data`, built in Python as tuples: no database access here.

Each assignment gets a story (started, extended, reported done, sent back, confirmed,
cancelled) told by its journal; the stories are drawn from a seeded Random. Tasks are also
pinned at a few as-of dates (the quarter ends already past, and today) so that every deadline
class of DOMAIN.md occurs on each of those dates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from random import Random
from zoneinfo import ZoneInfo

from tracker.demo.synthetic_journal import write_journal
from tracker.plans.areas import AREA_CODES

DAY = timedelta(days=1)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
AREA_TITLES = (
    "Công tác chỉ đạo, điều hành và tuyên truyền cải cách hành chính",
    "Cải cách thể chế",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy hành chính nhà nước",
    "Cải cách chế độ công vụ",
    "Cải cách tài chính công",
    "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số",
)
TOPICS = (
    ("Ban hành kế hoạch cải cách hành chính", "Tuyên truyền về cải cách hành chính"),
    ("Rà soát văn bản quy phạm pháp luật", "Kiểm tra việc thi hành pháp luật"),
    ("Rà soát, đơn giản hóa thủ tục hành chính", "Công bố danh mục thủ tục hành chính"),
    ("Sắp xếp tổ chức bộ máy", "Rà soát chức năng, nhiệm vụ của cơ quan chuyên môn"),
    ("Đánh giá, xếp loại công chức", "Bồi dưỡng kỹ năng cho cán bộ, công chức"),
    ("Thực hiện cơ chế tự chủ tài chính", "Công khai dự toán ngân sách"),
    ("Cung cấp dịch vụ công trực tuyến toàn trình", "Số hóa hồ sơ, kết quả giải quyết TTHC"),
)
COLUMNS = {  # in foreign-key order, as the writer inserts them
    "plans": "id code title issuing_body issued_on year quarter description created_at",
    "plan_sections": "id plan_id parent_id position number title reform_area",
    "tasks": "id plan_id section_id position number title description expected_output "
    "reform_area start_date due_date recurrence deadline_text needs_confirmation "
    "cancelled_on created_at",
    "assignments": "id task_id unit_id role due_date original_due_date state progress "
    "completed_on cancelled_on evidence_document_number evidence_document_date evidence_url "
    "due_date_revision updated_at version assigned_on",
    "extension_requests": "id assignment_id requested_by_id requested_at requested_date "
    "reason decision decided_by_id decided_at decided_on decision_note",
    "progress_updates": "id assignment_id author_id created_at kind old_state new_state "
    "old_progress new_progress old_due_date new_due_date note evidence_document_number "
    "evidence_document_date evidence_url",
}
COLUMNS = {table: tuple(names.split()) for table, names in COLUMNS.items()}
# How the owners of a random task are written: one department, a district, a few departments,
# or a whole group ("UBND các huyện, thị xã, thành phố"), with weights giving ~80 % leads.
PATTERNS = ("one", "district", "several", "districts", "departments", "communes")
WEIGHTS = (55, 8, 7, 15, 10, 5)
EXTENSION_SHARE = 0.035


def plan_code(year: int) -> str:
    return f"SYN-KH-{year}"


def check_dates(years, today: date) -> list[date]:
    """The as-of dates on which every deadline class is made to occur: past quarter ends of
    the plans' years, and today."""
    ends = [date(y, m, d) for y in years for m, d in ((3, 31), (6, 30), (9, 30), (12, 31))]
    return [day for day in ends if day < today] + [today]


def month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - DAY


def deadline_text(due: date | None, recurrence: str | None) -> str:
    if due is None:
        return "Hằng quý" if recurrence == "quarterly" else "Thường xuyên"
    if (due.month, due.day) == (12, 31):
        return f"Năm {due.year}"
    if due.month % 3 == 0 and due == month_end(due):
        return f"Quý {ROMAN[due.month // 3 - 1]}/{due.year}"
    if due == month_end(due):
        return f"Tháng {due.month}/{due.year}"
    return f"Trước ngày {due.day}/{due.month}/{due.year}"


class TaskSpec:
    __slots__ = ("due", "recurrence", "cancelled_on", "forced", "done", "units")

    def __init__(self, due, recurrence=None, cancelled_on=None, forced=False, done=None):
        self.due, self.recurrence, self.cancelled_on = due, recurrence, cancelled_on
        self.forced, self.done = forced, done  # the first lead's completion, when forced
        self.units: list[tuple[int, str]] = []


class Story:
    __slots__ = ("aid", "task", "unit", "role", "issued", "orig", "due", "state", "progress")
    __slots__ += ("start", "completed", "first_report", "confirm", "cancel", "ext", "fillers")

    def __init__(self, aid, task, unit, role, issued, due):
        self.aid, self.task, self.unit, self.role, self.issued = aid, task, unit, role, issued
        self.orig = self.due = due
        self.state, self.progress, self.fillers = "not_started", 0, 0
        self.start = self.completed = self.first_report = self.confirm = None
        self.cancel = self.ext = None


class RowBuilder:
    def __init__(self, *, seed, today, now, zone, units, authors, office, next_ids):
        self.rng, self.today, self.now, self.zone = Random(seed), today, now, ZoneInfo(zone)

        def of_kind(*kinds: str) -> list[int]:
            return [uid for uid, _code, kind in units if kind in kinds]

        self.pools = {
            "dept": of_kind("office", "department"),
            "district": of_kind("district"),
            "commune": of_kind("commune"),
        }
        self.suffix = {
            uid: code if k in ("office", "department") else "UBND" for uid, code, k in units
        }
        self.authors, self.office, self.ids = authors, office, dict(next_ids)
        self.rows: dict[str, list[tuple]] = {table: [] for table in COLUMNS}
        self.stories: list[Story] = []

    def new_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table] - 1

    def at(self, day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), self.zone).astimezone(UTC)

    def days(self, low: int, high: int) -> timedelta:
        return DAY * self.rng.randint(low, high)

    def build(self, years: list[int], assignments: int, updates: int) -> dict[str, list[tuple]]:
        checks = check_dates(years, self.today)
        share, extra = divmod(assignments, len(years))
        for n, year in enumerate(years):
            quota = share + (1 if n >= len(years) - extra else 0)
            self._plan(year, quota, [day for day in checks if day.year == year])
        write_journal(self, updates)
        return self.rows

    def _plan(self, year: int, quota: int, checks: list[date]) -> None:
        rng, issued = self.rng, min(date(year, 1, 15), self.today)
        plan_id, stamp = self.new_id("plans"), self.at(issued, 8)
        title = f"Kế hoạch cải cách hành chính năm {year} (dữ liệu thử nghiệm)"
        note = "Dữ liệu tổng hợp do lệnh tracker demo-data sinh ra."
        row = (plan_id, plan_code(year), title, "UBND tỉnh Quảng Trị", issued, year, None, note)
        self.rows["plans"].append((*row, stamp))
        sections = [self.new_id("plan_sections") for _ in AREA_CODES]
        for position, (sid, area) in enumerate(zip(sections, AREA_CODES, strict=True)):
            self.rows["plan_sections"].append(
                (sid, plan_id, None, position, ROMAN[position], AREA_TITLES[position], area)
            )
        scripted, by_section = self._scripted(issued, checks), [[] for _ in AREA_CODES]
        while quota > 0:
            spec = scripted.pop(0) if scripted else self._random_task(issued, date(year, 12, 31))
            self._owners(spec)
            spec.units = spec.units[:quota]
            quota -= len(spec.units)
            by_section[0 if spec.recurrence else rng.randrange(len(AREA_CODES))].append(spec)
        position = 0
        for index, specs in enumerate(by_section):
            for k, spec in enumerate(specs, start=1):
                position += 1
                self._task(plan_id, sections[index], index, position, k, spec, issued, year)

    def _scripted(self, issued: date, checks: list[date]) -> list[TaskSpec]:
        """Tasks pinned so that each class occurs on each check date; forced for one unit."""
        first = checks[0]
        specs = [
            TaskSpec(None, recurrence="continuous"),
            TaskSpec(first + DAY * 30, cancelled_on=max(issued, first - DAY * 10)),
        ]
        for day in checks:
            later = [self._later(day) for _ in range(3)]
            specs += [
                TaskSpec(day + DAY * 3, forced=True, done=later[0]),  # due soon
                TaskSpec(day + DAY * 20, forced=True, done=later[1]),  # on track
                TaskSpec(day - DAY * 10, forced=True, done=later[2]),  # overdue
                TaskSpec(day - DAY * 5, forced=True, done=day - DAY * 8),  # done on time
                TaskSpec(day - DAY * 30, forced=True, done=day - DAY * 2),  # done late
            ]
        return specs

    def _later(self, day: date) -> date | None:
        """A completion after `day` and by today, or none yet."""
        if day >= self.today or self.rng.random() < 0.3:
            return None
        return day + self.days(1, min(60, (self.today - day).days))

    def _random_task(self, issued: date, end: date) -> TaskSpec:
        rng, roll = self.rng, self.rng.random()
        if roll < 0.05:
            return TaskSpec(None, recurrence=rng.choice(("continuous", "quarterly")))
        due = issued + self.days(20, (end - issued).days)
        if rng.random() < 0.4:
            due = month_end(due)
        cancelled = min(self.today, issued + self.days(20, 120)) if roll > 0.99 else None
        return TaskSpec(due, cancelled_on=cancelled)

    def _owners(self, spec: TaskSpec) -> None:
        rng, dept = self.rng, self.pools["dept"]
        districts, communes = self.pools["district"], self.pools["commune"]
        pattern = "one" if spec.forced else rng.choices(PATTERNS, WEIGHTS)[0]
        pool, k = dept, rng.randint(0, 1 if spec.forced else 4)
        if pattern == "district" and districts:
            leads, k = [rng.choice(districts)], rng.randint(0, 2)
        elif pattern == "several":
            leads, k = rng.sample(dept, min(len(dept), rng.randint(2, 4))), rng.randint(0, 2)
        elif pattern == "districts" and districts:
            leads, k = list(districts), rng.randint(1, 3)
        elif pattern == "departments":
            leads, pool, k = list(dept), districts, len(districts) * (rng.random() < 0.5)
        elif pattern == "communes" and communes:
            leads, pool, k = list(communes), districts, len(districts)
        else:
            leads = [rng.choice(dept)]
        taken = set(leads)
        candidates = [u for u in pool if u not in taken]
        coops = rng.sample(candidates, min(k, len(candidates)))
        spec.units = [(u, "lead") for u in leads] + [(u, "cooperating") for u in coops]

    def _task(self, plan_id, section_id, index, position, k, spec, issued, year) -> None:
        rng, task_id = self.rng, self.new_id("tasks")
        title = f"{rng.choice(TOPICS[index])} năm {year} (nhiệm vụ {ROMAN[index]}.{k})"
        output = rng.choice(("Báo cáo", "Kế hoạch", "Quyết định", "Văn bản hướng dẫn"))
        self.rows["tasks"].append((
            task_id, plan_id, section_id, position, f"{ROMAN[index]}.{k}", title, "", output,
            AREA_CODES[index], issued, spec.due, spec.recurrence,
            deadline_text(spec.due, spec.recurrence), True, spec.cancelled_on, self.at(issued, 8),
        ))  # fmt: skip
        for n, (unit, role) in enumerate(spec.units):
            story = Story(self.new_id("assignments"), task_id, unit, role, issued, spec.due)
            self._story(story, spec, year, forced=spec.forced and n == 0)
            self.stories.append(story)

    def _story(self, s: Story, spec: TaskSpec, year: int, forced: bool) -> None:
        rng, today, issued = self.rng, self.today, s.issued
        if spec.cancelled_on is not None:
            s.state, s.cancel = "cancelled", spec.cancelled_on
            if s.cancel > issued and rng.random() < 0.6:
                s.start, s.progress = issued + self.days(0, (s.cancel - issued).days - 1), 30
            return
        may_extend = s.orig is not None and not forced and s.role == "lead"
        if may_extend and rng.random() < EXTENSION_SHARE:
            self._extension(s)
        if forced:
            done = spec.done
        elif s.orig is None:
            done = date(year, 12, rng.randint(10, 31)) if year < today.year else None
        else:
            roll = rng.random()
            if roll < 0.6:
                done = max(s.due - self.days(0, 45), issued + self.days(3, 10))
            else:
                done = s.due + self.days(1, 75) if roll < 0.8 else None
        if s.ext:
            requested, _new, decision, decided = s.ext
            if decision == "pending":
                done = None
            elif done is not None and done <= decided:
                done = decided + self.days(1, 10)
        if done is not None and done <= today:
            s.completed, s.progress, end = done, 100, done
            # Sent back once (thực hiện lại), after any extension request was decided.
            floor = max(issued, s.ext[3] or s.ext[0]) if s.ext else issued
            if rng.random() < 0.04 and (done - floor).days > 25:
                s.first_report = end = done - self.days(4, 20)
            s.confirm = done + self.days(0, 10)
            s.state = (
                "done" if s.confirm <= today and rng.random() > 0.01 else "awaiting_confirmation"
            )
        elif rng.random() < 0.18:
            return  # not started
        else:
            s.state = "paused" if rng.random() < 0.08 else "in_progress"
            s.progress, end = rng.randint(10, 95), today
        s.start = min(issued + self.days(0, 30), end)

    def _extension(self, s: Story) -> None:
        requested = max(s.orig - self.days(3, 20), s.issued + DAY)
        if requested > self.today or requested >= s.orig:
            return
        roll = self.rng.random()
        decision = "approved" if roll < 0.6 else "rejected" if roll < 0.9 else "pending"
        decided = requested + self.days(1, 7)
        if decision == "pending" and (self.today - requested).days > 30:
            decision = "rejected"  # only recent requests still wait for the office
        if decision == "pending" or decided > self.today:
            decision, decided = "pending", None
        s.ext = (requested, s.orig + self.days(15, 60), decision, decided)
        if decision == "approved":
            s.due = s.ext[1]
