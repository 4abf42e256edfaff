"""The forms of the HTML pages as their users find them, for tests/test_forms_fuzz.py.

Each demo user (one per role) and a visitor who is not logged in follow the GET links from the
home page and read every <form> of every page: its method, action and fields. Then each form
is submitted with plausible values, and the page it leads to is read too, a few rounds: what
only exists once something was done (a feed to revoke, an extension request to decide, an
import's preview to confirm) is found that way.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import random
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import timedelta
from urllib.parse import parse_qsl

from tests.forms_pages import (
    REDIRECTS,
    Field,
    Form,
    RoleSession,
    endpoint_of,
    local_url,
    parse,
    plausible_values,
)
from tests.signin_fuzz_support import prepare as prepare_second_steps

ANONYMOUS = "anonymous"
# Not followed: logging out ends the crawl, and files are not pages (the query arguments of
# the links to them are still fuzzed).
SKIP_ENDPOINTS = {
    "accounts.logout",
    "static",
    "health.healthz",
    "feeds.feed",
    "assignments.evidence",
    "index_self.evidence_file",
}
# Reform index pages read first by the roles that act there: the lead's and staff's draft (see
# _leave_index_work), the appraisers' page of an answer awaiting their decision.
INDEX_PAGES = {
    "unit_lead": ("/index/2021/department/units/SNV",),
    "unit_member": ("/index/2021/department/units/SNV",),
    "appraiser": (
        "/index/2021/department/units/STP/answers",
        "/index/2021/department/units/STC/appraisal",
    ),
}
DOWNLOAD_SUFFIXES = (".xlsx", ".docx", ".ics", ".csv", ".pdf", ".json")
# Forms that end something (a session, a task, a token, an extension request, a report of
# done, an account, a person's second factor, a unit): not submitted while discovering, and fuzzed
# after the others, so that the others still find what they act on (the visitor between the
# steps keeps its app until its own forms are done).
ENDING = (
    "logout",
    "cancel",
    "revoke",
    "remove",
    "delete",
    "decide",
    "confirm",
    "disable",
    "reset_second_factor",
    "dissolve",
)
MAX_PAGES = 70  # per role
# The people pages' forms (/admin/users/<id>…) acting on the crawl's own accounts are left
# alone: a role disabled, or made another, would lose the session its forms are fuzzed in.
# Filled by FuzzSite; every other account's forms are fuzzed.
OWN_ACCOUNT_PAGES: set[str] = set()
# Visits of one endpoint: a page with an id (a task, a unit) once per id, as long as one of the
# last visits showed a form not seen before; a list page with other query arguments.
MAX_VISITS_WITH_ID = 10
MAX_VISITS_WITHOUT_ID = 3
STALE_VISITS = 4
PRIMING_ROUNDS = 3
FORMS_PER_CASE = 3  # concrete actions kept for one (role, method, endpoint)


def deciders_last(user: tuple) -> tuple[bool, bool]:
    """The units first: the extension requests they send, the reports of done, are then there
    for the office to decide."""
    from tracker.core.permissions import PERMISSIONS

    role = user[2]
    return role in PERMISSIONS["manage_plans"], role in PERMISSIONS["manage_users"]


@dataclass
class FormCase:
    """One (role, method, endpoint): the forms found for it, with other concrete actions
    (another task, another assignment) or other fields."""

    role: str
    method: str
    endpoint: str
    forms: list[Form] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.role}-{self.method}-{self.endpoint}"

    @property
    def is_download(self) -> bool:
        return self.forms[0].action.split("?")[0].endswith(DOWNLOAD_SUFFIXES)

    @property
    def ends_something(self) -> bool:
        return any(word in self.endpoint for word in ENDING)


# --- discovery ---------------------------------------------------------------------------------


@dataclass
class Site:
    """What one role found: the pages it can read, the forms on them, and any page that
    answered with a 5xx on the way."""

    role: str
    pages: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Crawler:
    def __init__(self, app, session: RoleSession) -> None:
        self.app = app
        self.session = session
        self.site = Site(session.role)
        self.seen_forms: set[tuple] = set()
        self.link_args: dict[str, dict[str, str]] = defaultdict(dict)

    def get(self, url: str):
        """GET a page; a 5xx (or the app's exception) is recorded, not raised."""
        try:
            response = self.session.client.get(url)
        except Exception as error:  # noqa: BLE001  (the app's own, propagated in testing)
            self.site.errors.append(f"GET {url}: {type(error).__name__}: {error}")
            return None
        if response.status_code >= 500:
            self.site.errors.append(f"GET {url}: {response.status}")
        return response

    def read(self, url: str, response) -> tuple[list[str], list[Form], list[Form]]:
        """The links, the forms and the forms not seen before of a page (or of what a POST
        answered)."""
        if response is None or response.status_code >= 400 or response.mimetype != "text/html":
            return [], [], []
        links, forms = parse(url, response.get_data(as_text=True))
        new = []
        for form in forms:
            if form.action.split("?")[0] in OWN_ACCOUNT_PAGES:
                continue
            key = (form.method, endpoint_of(self.app, form.action, form.method), form.signature)
            if key not in self.seen_forms:
                self.seen_forms.add(key)
                new.append(form)
            self.site.forms.append(form)
        for link in links:
            path, _sep, query = link.partition("?")
            self.link_args[path].update(parse_qsl(query, keep_blank_values=True))
        return links, forms, new

    def crawl(self, start: str) -> None:
        """Breadth first, but the next page is taken from the endpoint and the kind of page
        linking to it visited least so far: the tasks linked from the extension requests are
        reached before the thirtieth task of the task list."""
        pending: list[tuple[str, str, str]] = [(start, "", endpoint_of(self.app, start) or "")]
        # Ties are drawn at random (seeded): a long list is sampled across, not only its top
        # (the overdue tasks of a unit come first, and show no form to ask for more time).
        randomly = random.Random(12)
        draws = [0.0]
        queued = {start}
        visits: dict[str, int] = defaultdict(int)
        pair_visits: dict[tuple[str, str], int] = defaultdict(int)
        stale: dict[str, int] = defaultdict(int)  # visits in a row that showed no new form
        while pending and len(self.site.pages) < MAX_PAGES:
            best = min(
                range(len(pending)),
                key=lambda i: (
                    pair_visits[pending[i][2], pending[i][1]],
                    visits[pending[i][2]],
                    draws[i],
                ),
            )
            draws.pop(best)
            url, source, endpoint = pending.pop(best)
            with_id = any(rule.arguments for rule in self.app.url_map.iter_rules(endpoint))
            limit = MAX_VISITS_WITH_ID if with_id else MAX_VISITS_WITHOUT_ID
            if visits[endpoint] >= limit or stale[endpoint] >= STALE_VISITS:
                continue
            visits[endpoint] += 1
            pair_visits[endpoint, source] += 1
            response = self.get(url)
            if response is not None and response.status_code in REDIRECTS:
                target = local_url(url, response.headers.get("Location", ""))
                if target is not None and target not in queued:
                    queued.add(target)
                    pending.append((target, source, endpoint_of(self.app, target) or ""))
                    draws.append(-1.0)  # where the page meant to go: first
                continue
            if response is None or response.status_code != 200:
                continue
            self.site.pages.append(url)
            links, _forms, new_forms = self.read(url, response)
            stale[endpoint] = 0 if new_forms else stale[endpoint] + 1
            for link in links:
                target = endpoint_of(self.app, link)
                if (
                    link in queued
                    or target is None
                    or target in SKIP_ENDPOINTS
                    or link.split("?")[0].endswith(DOWNLOAD_SUFFIXES)
                ):
                    continue
                queued.add(link)
                pending.append((link, endpoint, target))
                draws.append(randomly.random())

    def look_at(self, url: str) -> None:
        """Read one page's forms, whatever the crawl has spent."""
        response = self.get(url)
        if response is not None and response.status_code == 200:
            self.site.pages.append(url)
            self.read(url, response)

    def prime(self) -> None:
        """Submit each kind of form found, plausibly filled, twice (the second time with other
        choices: "done" rather than the current state, "reject" rather than "approve"), and
        read what that leads to; again with the forms that shows, a few rounds. Forms that
        end something are left alone."""
        tried: set[tuple] = set()
        for _round in range(PRIMING_ROUNDS):
            found = False
            for form in list(self.site.forms):
                endpoint = endpoint_of(self.app, form.action, form.method)
                key = (endpoint, form.signature)
                if (
                    form.method != "POST"
                    or form.via is not None  # the end of a chain: an import's confirmation
                    or key in tried
                    or endpoint is None
                    or any(word in endpoint for word in ENDING)
                    or endpoint == "accounts.set_language"  # the pages stay in one language
                ):
                    continue
                tried.add(key)
                new, succeeded = self._submit_plausibly(form, 0)
                if succeeded:  # the form changed (its version): read it again
                    _links, forms, _new = self.read(form.page, self.get(form.page))
                    form = next((f for f in forms if f.action == form.action), form)
                found |= new | self._submit_plausibly(form, 1)[0]
            if not found:
                return

    def _submit_plausibly(self, form: Form, variant: int) -> tuple[bool, bool]:
        """Whether that showed a form not seen before, and whether it succeeded."""
        values = plausible_values(form, variant)
        try:
            response = self.session.send(form, values)
        except Exception:  # noqa: BLE001  (the fuzz finds it again, with its traceback)
            return False, False
        if response.status_code in REDIRECTS:
            target = local_url(form.action, response.headers["Location"])
            if target is None or endpoint_of(self.app, target) is None:
                return False, True
            _links, _forms, new = self.read(target, self.get(target))
            return bool(new), True
        _links, _forms, new = self.read(form.action, response)
        for new_form in new:
            new_form.via = (form, values)
        return bool(new), response.status_code < 400

    def query_forms(self) -> None:
        """The query arguments of the links (a page number, a filter, an export's date) as a
        GET form of the page or file they lead to."""
        for path, args in self.link_args.items():
            if args:
                fields = {name: Field(name, "text", value) for name, value in args.items()}
                self.site.forms.append(Form("GET", path, fields, page=path))


def discover(app, session: RoleSession, start: str, more: tuple[str, ...] = ()) -> Site:
    session.ensure()
    crawler = Crawler(app, session)
    # The pages given besides first, each read even when the crawls before it spent the
    # role's pages: a crawl from the start may spend its pages before them.
    for page in more:
        crawler.look_at(page)
    for page in (*more, start):
        crawler.crawl(page)
    crawler.prime()
    crawler.query_forms()
    return crawler.site


def group_cases(app, sites: list[Site]) -> list[FormCase]:
    """The forms by (role, method, endpoint); a GET form and the links to the same page pool
    their query arguments. Those that end something come last."""
    cases: dict[tuple, FormCase] = {}
    for site in sites:
        for form in site.forms:
            endpoint = endpoint_of(app, form.action, form.method)
            if endpoint is None:
                continue
            case = cases.setdefault(
                (site.role, form.method, endpoint), FormCase(site.role, form.method, endpoint)
            )
            same = next((f for f in case.forms if f.action == form.action), None)
            if same is not None and form.method == "GET":
                for name, f in form.fields.items():
                    same.fields.setdefault(name, f)
            elif (same is None or same.signature != form.signature) and len(
                case.forms
            ) < FORMS_PER_CASE:
                case.forms.append(replace(form, fields=dict(form.fields)))
    return sorted(cases.values(), key=lambda case: (case.ends_something, case.id))


class FuzzSite:
    """The committed demo database, a session per role, and what each found."""

    def __init__(self, database_suffix: str) -> None:
        from tests.support import committed_demo_app
        from tracker.core.permissions import PERMISSIONS
        from tracker.demo.seed import DEMO_USERS

        self.instance = tempfile.mkdtemp(prefix="formfuzz-")
        self._context = committed_demo_app(database_suffix, self.instance)
        self.app = self._context.__enter__()
        # Collected but not run (deselected with -k): closed at exit all the same.
        atexit.register(self.close)
        self._bring_deadlines_ahead()
        self._leave_something_for_the_queues()
        self._leave_figures_for_the_lead()
        self._leave_index_work()
        self._close_a_unit()
        self._give_every_unit_someone_to_remind()
        OWN_ACCOUNT_PAGES.update(self._own_account_pages())
        link_pages = self._leave_sessions_tokens_and_links()
        second_steps, between_steps = prepare_second_steps(self.app)
        credentials: dict[str, tuple[str, str] | None] = {}
        for email, _name, role, _unit, password in sorted(DEMO_USERS, key=deciders_last):
            credentials.setdefault(role, (email, password))
        credentials.update(between_steps)
        credentials[ANONYMOUS] = None
        self.sessions = {
            role: RoleSession(
                self.app, role, pair, f"203.0.113.{n}", pair and second_steps.get(pair[0])
            )
            for n, (role, pair) in enumerate(credentials.items(), start=10)
        }
        with quiet_logs(self.app):
            self.sites = [
                discover(self.app, session, "/login", link_pages)
                if role == ANONYMOUS
                else discover(
                    self.app,
                    session,
                    session.start,
                    self.deciders_pages
                    if role in PERMISSIONS["manage_plans"]
                    else INDEX_PAGES.get(role, ()),
                )
                for role, session in self.sessions.items()
            ]
        self.cases = group_cases(self.app, self.sites)
        self.replays = 0

    def _bring_deadlines_ahead(self) -> None:
        """The demo is the plan as it stood in 2021: every deadline has passed, so no form to
        ask for an extension is shown. Every other open assignment gets a due date in the
        coming weeks (the rest stay overdue), before the month ahead that a plausible extension
        request asks for, so that whichever one the crawl meets first is granted a request."""
        from sqlalchemy import text

        from tracker.extensions import db

        with self.app.app_context():
            db.session.execute(
                text(
                    "UPDATE assignments SET due_date = current_date + 7 + id % 20"
                    " WHERE id % 2 = 0 AND state NOT IN ('done', 'cancelled')"
                )
            )
            # A report of done then awaits the office, and the unit's other forms on that page
            # (asking for more time) still act on it, whichever the crawl submits first.
            db.session.execute(text("UPDATE tasks SET needs_confirmation = true"))
            # The pages show each assignment's period in force: it moves with the row.
            db.session.execute(
                text(
                    "UPDATE assignment_periods SET due_date = assignments.due_date"
                    " FROM assignments WHERE assignments.id = assignment_periods.assignment_id"
                    " AND assignment_periods.valid_to IS NULL"
                )
            )
            db.session.commit()

    def _leave_something_for_the_queues(self) -> None:
        """An extension request waiting in the office's queue and a due date the office moved,
        which the unit's people are told of: the units crawl before the office, so neither
        would be there otherwise, and the queue's and "Thông báo"'s forms would not be met."""
        from sqlalchemy import select

        from tracker.accounts.models import User
        from tracker.assignments.changes import change_due_date
        from tracker.assignments.extension_requests import pending_request, request_extension
        from tracker.assignments.models import Assignment
        from tracker.core.timeutil import local_today
        from tracker.extensions import db

        with self.app.test_request_context():
            lead, office = (
                db.session.scalar(select(User).where(User.email == email))
                for email in ("lanhdao.snv@cchc.demo", "vanphong@cchc.demo")
            )
            ahead = db.session.scalars(
                select(Assignment)
                .where(
                    Assignment.unit_id == lead.unit_id,
                    Assignment.is_open,
                    Assignment.due_date >= local_today(),
                )
                .order_by(Assignment.id)
            )
            asked, moved = [a for a in ahead if pending_request(a) is None][:2]
            request_extension(
                lead, asked, due_date=asked.due_date + timedelta(days=40), reason="Chờ ý kiến"
            )
            change_due_date(
                office, moved, moved.due_date + timedelta(days=14), "Theo chỉ đạo", moved.version
            )
            # Where the office decides a request and reminds a unit late with its work: pages
            # the office's crawl starts from too, so that meeting them is not left to chance.
            self.deciders_pages = (
                f"/assignments/{asked.id}",
                "/reminders/adhoc/SNV",
                "/indicators/import",
                "/index/criteria/import",
                "/index/2021/department/survey",
                "/index/2020/district/results",
            )

    def _leave_figures_for_the_lead(self) -> None:
        """Sở Nội vụ's figures of Q2/2021 sent by its staff member and waiting for the lead (the
        unit asks its lead to agree): the demo's figures are all decided, so the lead's form to
        approve or send them back would not be met otherwise. Q4 stays a draft to fill."""
        from sqlalchemy import select, text

        from tracker.accounts.models import User
        from tracker.extensions import db
        from tracker.indicators.models import IndicatorReport
        from tracker.units.models import Unit

        with self.app.app_context():
            member = db.session.scalar(select(User).where(User.email == "chuyenvien.snv@cchc.demo"))
            db.session.get(Unit, member.unit_id).member_reports_need_lead = True
            report = db.session.scalar(
                select(IndicatorReport).where(
                    IndicatorReport.unit_id == member.unit_id, IndicatorReport.period == "2021-Q2"
                )
            )
            report.state = "awaiting_approval"
            report.submitted_by_id = member.id
            db.session.execute(
                text("UPDATE tasks SET needs_confirmation = false WHERE id = :task"),
                {"task": report.set.task_id},
            )
            for table, key in (("assignments", "id"), ("assignment_periods", "assignment_id")):
                db.session.execute(
                    text(
                        f"UPDATE {table} SET state = 'awaiting_confirmation' WHERE {key} = :id"
                        + (" AND valid_to IS NULL" if table == "assignment_periods" else "")
                    ),
                    {"id": report.assignment_id},
                )
            db.session.commit()

    def _leave_index_work(self) -> None:
        """Reform index forms the demo has none of: Sở Nội vụ's 2021 self-assessment back to a
        draft (the lead's and staff's forms to score and send; the demo's is sent), and the
        districts' 2020 finalised but not yet published (the office's form to publish)."""
        from sqlalchemy import text

        from tracker.extensions import db

        with self.app.app_context():
            db.session.execute(
                text(
                    "UPDATE index_assessment_items SET appraised_points = NULL, "
                    "appraisal_reason = '' WHERE assessment_id IN (SELECT a.id FROM "
                    "index_assessments a JOIN units u ON u.id = a.unit_id JOIN "
                    "index_criteria_sets s ON s.id = a.set_id "
                    "WHERE u.code = 'SNV' AND s.year = 2021)"
                )
            )
            db.session.execute(
                text(
                    "UPDATE index_assessments SET state = 'draft', submitted_on = NULL, "
                    "submitted_late = false, submitted_by_id = NULL WHERE id IN (SELECT a.id "
                    "FROM index_assessments a JOIN units u ON u.id = a.unit_id JOIN "
                    "index_criteria_sets s ON s.id = a.set_id "
                    "WHERE u.code = 'SNV' AND s.year = 2021)"
                )
            )
            db.session.execute(
                text(
                    "UPDATE index_criteria_sets SET state = 'finalised', published_on = NULL "
                    "WHERE year = 2020 AND kind = 'district'"
                )
            )
            db.session.commit()

    def _close_a_unit(self) -> None:
        """A unit closed yesterday, whose person (given below) the office's "people of closed
        units" page then offers to move: the 2021 demo closes none."""
        from datetime import date

        from tracker.extensions import db
        from tracker.units.models import Unit

        with self.app.app_context():
            yesterday = date.today() - timedelta(days=1)
            db.session.add(
                Unit(
                    code="FUZZ-CU",
                    name="Sở Đã Giải Thể",
                    short_name="Sở ĐGT",
                    kind="department",
                    aliases=[],
                    valid_to=yesterday,
                )
            )
            db.session.commit()

    def _give_every_unit_someone_to_remind(self) -> None:
        """An active account in every unit: the office's "Đôn đốc" offers to send only when
        someone would receive it, and the crawl meets a few units of the status page at
        random, most of which have no account in the demo."""
        from sqlalchemy import text

        from tracker.extensions import db

        with self.app.app_context():
            db.session.execute(
                text(
                    "INSERT INTO users (email, full_name, password_hash, role, unit_id, locale,"
                    " active) SELECT 'fuzz.' || lower(u.code) || '@cchc.demo', 'Cán bộ ' ||"
                    " u.short_name, '-', 'unit_member', u.id, 'vi', true FROM units u WHERE NOT"
                    " EXISTS (SELECT 1 FROM users x WHERE x.unit_id = u.id AND x.active)"
                )
            )
            db.session.commit()

    def _leave_sessions_tokens_and_links(self) -> tuple[str, ...]:
        """Each demo person is signed in elsewhere too and holds an API token, so that
        /profile/security offers to end a session and to revoke a token; two people (not the
        crawl's) are sent a one-time link, whose pages no link leads to: the visitor starts
        there as well. Returns those pages."""
        import secrets

        from sqlalchemy import select

        from tracker.accounts.api_tokens import create_token
        from tracker.accounts.links import issue_link, link_token
        from tracker.accounts.models import LoginSession, User
        from tracker.core.tokens import hash_token
        from tracker.demo.seed import DEMO_USERS
        from tracker.extensions import db

        with self.app.test_request_context():
            for email, *_rest in DEMO_USERS:
                user = db.session.scalar(select(User).where(User.email == email))
                db.session.add(
                    LoginSession(
                        user=user,
                        token_hash=hash_token(secrets.token_urlsafe(32)),
                        ip_address="198.51.100.7",
                        user_agent="Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Firefox/128.0",
                    )
                )
                create_token(user, "Báo cáo tự động")
            invited = User(email="moi.fuzz@quangtri.gov.vn", full_name="Người mới", role="viewer")
            forgetful = User(
                email="quen.fuzz@quangtri.gov.vn", full_name="Người hay quên", role="viewer"
            )
            db.session.add_all([invited, forgetful])
            links = [issue_link(invited, "invite"), issue_link(forgetful, "reset")]
            db.session.commit()
            # Their people pages (sending the link again) would spend the links the visitor
            # starts from.
            OWN_ACCOUNT_PAGES.update(
                f"/admin/users/{user.id}{action}"
                for user in (invited, forgetful)
                for action in ("", "/disable", "/enable", "/invite", "/second-factor/reset")
            )
            return (
                f"/set-password/{link_token(links[0])}",
                f"/password-reset/{link_token(links[1])}",
            )

    def _own_account_pages(self) -> set[str]:
        """The people pages' form actions for the crawl's accounts (see OWN_ACCOUNT_PAGES);
        and a disabled account besides, so that the form enabling one is met: a staff member
        of the unit lead's unit, whose short list the lead's crawl reads through."""
        from sqlalchemy import select

        from tracker.accounts.models import User
        from tracker.demo.seed import DEMO_USERS
        from tracker.extensions import db

        with self.app.app_context():
            lead_unit = db.session.scalar(
                select(User.unit_id).where(User.email == "lanhdao.snv@cchc.demo")
            )
            db.session.add(
                User(
                    email="nghi.fuzz@quangtri.gov.vn",
                    full_name="Người đã nghỉ",
                    role="unit_member",
                    unit_id=lead_unit,
                    password_hash="-",
                    active=False,
                )
            )
            db.session.commit()
            ids = db.session.scalars(
                select(User.id).where(User.email.in_([email for email, *_ in DEMO_USERS]))
            )
            return {
                f"/admin/users/{user_id}{action}"
                for user_id in ids
                for action in ("", "/disable", "/enable", "/invite", "/second-factor/reset")
            }

    def pages(self, role: str) -> list[str]:
        return next(site.pages for site in self.sites if site.role == role)

    def current(self, session: RoleSession, form: Form) -> Form:
        """The form, reached again by its POST when only a POST leads to it (its token is used
        up by a success)."""
        if form.via is None:
            return form
        parent, values = form.via
        self.replays += 1
        # Text made new each time: what the last one created (a plan of that code) must not
        # make this one refused.
        fresh = {
            name: f"{value}-{self.replays}"
            if isinstance(value, str) and value and parent.fields[name].kind == "text"
            else value
            for name, value in values.items()
        }
        response = session.send(parent, fresh)
        endpoint = endpoint_of(self.app, form.action, "POST")
        _links, forms = parse(parent.action, response.get_data(as_text=True))
        for again in forms:
            if again.method == "POST" and endpoint_of(self.app, again.action, "POST") == endpoint:
                return replace(again, page=form.page)
        return form

    def close(self) -> None:
        if self._context is not None:
            self._context.__exit__(None, None, None)
            self._context = None
            shutil.rmtree(self.instance, ignore_errors=True)


@contextlib.contextmanager
def quiet_logs(app):
    """Errors only, while thousands of requests are made."""
    loggers = [app.logger, logging.getLogger("werkzeug")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)
