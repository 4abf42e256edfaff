"""What a page holds and how a browser submits it, for tests/test_forms_fuzz.py: the links and
forms of an HTML page (html.parser from the standard library), values a careful person would
type into a form, and a test client logged in as one role that submits forms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

SAMPLE_CSV = Path(__file__).resolve().parent / "data" / "ke-hoach-cchc-2022.csv"
SAMPLE_PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A list of people for the import of /admin/users/import: one staff member of Sở Nội vụ, whom
# the office and that unit's lead may both create.
PEOPLE_CSV = (
    "nguoi-dung.csv",
    (
        "Họ và tên,Email,Đơn vị,Vai trò\r\n"
        "Người Thử Nghiệm,nguoi.thu@fuzz.example.vn,SNV,Chuyên viên\r\n"
    ).encode(),
)
REDIRECTS = (301, 302, 303, 307, 308)


def reorganisation_csv() -> tuple[str, bytes]:
    """A reorganisation table for /units/reorganise that the demo can apply: a board founded
    today (its preview offers the confirmation; applied twice, it changes nothing)."""
    today = date.today().strftime("%d/%m/%Y")
    return (
        "sap-xep.csv",
        (
            "Ngày hiệu lực,Hình thức,Đơn vị cũ,Đơn vị mới,Tên đơn vị mới,Loại,Văn bản\r\n"
            f"{today},thành lập,,FUZZ-BAN,Ban Thử nghiệm,ban,Quyết định số 1/QĐ-FUZZ\r\n"
        ).encode(),
    )


def indicator_set_csv() -> tuple[str, bytes]:
    """An indicator set for /indicators/import: its indicators alone, as a .csv may hold them
    (its preview offers the confirmation when the form's other options agree)."""
    return (
        "bo-chi-tieu.csv",
        "Tên bộ chỉ tiêu,Bộ thử\r\nMã,Tên chỉ tiêu,Loại\r\nHS,Số hồ sơ,số đếm\r\n".encode(),
    )


def criteria_csv() -> tuple[str, bytes]:
    """Reform index criteria for /index/criteria/import: one lĩnh vực of two parts (the form's
    year, this year, has no set yet, so its preview offers the confirmation)."""
    return (
        "bo-tieu-chi.csv",
        'STT,"Lĩnh vực, tiêu chí, tiêu chí thành phần",Điểm tối đa,Hướng dẫn chấm điểm\r\n'
        "1,Công tác chỉ đạo,2,\r\n1.1,Kế hoạch CCHC,1,bước 0.5\r\n"
        "1.2,Báo cáo CCHC,1,Đúng hạn = 1; Trễ hạn = 0\r\n".encode(),
    )


def survey_csv() -> tuple[str, bytes]:
    """Survey points for /index/<year>/<kind>/survey: one department's, within the maximum."""
    return (
        "diem-khao-sat.csv",
        'Mã đơn vị,Tên đơn vị,Điểm khảo sát\r\nSTP,Sở Tư pháp,"25,5"\r\n'.encode(),
    )


@dataclass
class Field:
    name: str
    kind: str  # the input's type, or "select", "textarea", "submit"
    value: str = ""  # what the page put there (the selected option, a checkbox's value)
    options: list[str] = field(default_factory=list)  # of a select, radio group, buttons
    multiple: bool = False
    accept: str = ""  # of a file input


@dataclass
class Form:
    method: str  # "GET" or "POST"
    action: str  # path and query string
    fields: dict[str, Field]
    multipart: bool = False
    page: str = ""  # where it was found
    # When only a POST leads to the form (an import's preview): that (form, values), replayed
    # before each use, since a success uses the form's token up.
    via: tuple[Form, dict] | None = None

    @property
    def signature(self) -> tuple:
        return tuple(
            (name, f.kind, tuple(f.options) if f.kind == "submit" else ())
            for name, f in sorted(self.fields.items())
        )


class FormParser(HTMLParser):
    """The links and the forms of a page, with the fields a browser would submit."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: Field | None = None
        self._option: dict | None = None
        self._textarea: Field | None = None

    def _add(self, new: Field) -> None:
        if self._form is None or not new.name:
            return
        known = self._form["fields"].setdefault(new.name, new)
        if known is not new:  # radio and submit buttons of one name: one field, with options
            known.options += [option for option in new.options if option not in known.options]

    def handle_starttag(self, tag, attrs):
        a = {name: (value if value is not None else "") for name, value in attrs}
        name = a.get("name", "")
        if tag == "a" and a.get("href") and "download" not in a:
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {
                "method": (a.get("method") or "get").upper(),
                "action": a.get("action", ""),
                "multipart": a.get("enctype", "") == "multipart/form-data",
                "fields": {},
            }
            self.forms.append(self._form)
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio", "submit"):
                value = a.get("value", "on")
                self._add(Field(name, kind, value if "checked" in a else "", [value]))
            else:
                self._add(Field(name, kind, a.get("value", ""), accept=a.get("accept", "")))
        elif tag == "button" and name and (a.get("type") or "submit") == "submit":
            self._add(Field(name, "submit", a.get("value", ""), [a.get("value", "")]))
        elif tag == "select":
            self._select = Field(name, "select", multiple="multiple" in a)
            self._add(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
        elif tag == "textarea":
            self._textarea = Field(name, "textarea")
            self._add(self._textarea)

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        elif self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None and self._select is not None:
            value = self._option["value"]
            value = self._option["text"].strip() if value is None else value
            self._select.options.append(value)
            if self._option["selected"]:
                self._select.value = value
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            # As a browser reads it: one newline right after <textarea> is not content (WTForms
            # writes one, so that a value starting with a newline keeps it).
            if self._textarea is not None and self._textarea.value.startswith(("\r\n", "\n")):
                self._textarea.value = self._textarea.value.split("\n", 1)[1]
            self._textarea = None
        elif tag == "form":
            self._form = None


def parse(page: str, html: str) -> tuple[list[str], list[Form]]:
    """The same-origin links and the GET and POST forms of a page."""
    parser = FormParser()
    parser.feed(html)
    links = [url for href in parser.links if (url := local_url(page, href)) is not None]
    forms = []
    for raw in parser.forms:
        action = local_url(page, raw["action"] or page)
        if action is None or raw["method"] not in ("GET", "POST"):
            continue
        if raw["method"] == "GET":
            action = action.split("?")[0]  # the fields replace the action's query
        forms.append(Form(raw["method"], action, raw["fields"], raw["multipart"], page))
    return links, forms


def local_url(base: str, href: str) -> str | None:
    """The path and query of a same-origin link, without its fragment; None for another site
    or scheme."""
    url, _fragment = urldefrag(urljoin(base, href))
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "localhost"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def endpoint_of(app, url: str, method: str = "GET") -> str | None:
    try:
        endpoint, _args = app.url_map.bind("localhost").match(urlsplit(url).path, method=method)
    except RequestRedirect as redirect:
        return endpoint_of(app, redirect.new_url, method)
    except HTTPException:
        return None
    return endpoint


# --- plausible values: what a person could type, to get past the first check ----------------


def plausible(name: str, kind: str) -> list[str]:
    today = date.today()
    name = name.lower()
    if "date" in name or name in ("as_of", "day", "until", "since"):
        # A month ahead first (a new due date), then a past one (an evidence's date).
        return [
            (today + timedelta(days=30)).strftime("%d/%m/%Y"),
            (today - timedelta(days=3)).strftime("%d/%m/%Y"),
            (today + timedelta(days=90)).isoformat(),
            "01/07/2021",
        ]
    if name == "period":
        return ["2021-Q3", "2021", "01/07/2021..30/09/2021", str(today.year)]
    if name == "year":
        return [str(today.year), "2021"]
    if name == "survey_max":
        return ["30", "0"]
    if name == "points" or name.endswith("_points"):
        return ["1", "0,5"]
    if kind == "number" or name in ("progress", "page", "version") or name.endswith("_days"):
        return ["50", "1", "0", "100"]
    if name.startswith("offsets"):
        return ["7, 3, 1, 0", "0", "30,20,10"]
    if kind == "url" or name == "url":
        return ["https://example.vn/van-ban.pdf"]
    if kind == "email" or name == "email":
        return ["khong-co@example.vn"]
    if kind == "tel" or name == "phone":
        return ["0233 3852 111"]
    if name == "set_code":
        return ["FUZZ_SET", "FUZZ_SET_2"]
    if name in ("code", "plan_code", "document_number"):
        return ["99/KH-FUZZ", "123/QĐ-UBND"]
    if name == "number":
        return ["IX", "II.3"]
    return ["Rà soát thủ tục hành chính", "Báo cáo kết quả"]


def plausible_values(form: Form, variant: int = 0) -> dict:
    """A filled form, as a careful person would submit it (variant picks other values)."""
    values = {}
    for name, f in form.fields.items():
        if name == "csrf_token":
            values[name] = None  # the session's own token, filled in by send()
        elif f.kind == "file":
            values[name] = (
                PEOPLE_CSV
                if urlsplit(form.action).path == "/admin/users/import"
                else reorganisation_csv()
                if urlsplit(form.action).path == "/units/reorganise"
                else indicator_set_csv()
                if urlsplit(form.action).path == "/indicators/import"
                else criteria_csv()
                if urlsplit(form.action).path == "/index/criteria/import"
                else survey_csv()
                if urlsplit(form.action).path.endswith("/survey")
                else (SAMPLE_CSV.name, SAMPLE_CSV.read_bytes())
                if ".csv" in f.accept
                else ("bao-cao.pdf", SAMPLE_PDF)
            )
        elif name == "task" and urlsplit(form.action).path == "/indicators/import":
            values[name] = ""  # no periodic-report task: its periods would have to agree
        elif f.kind in ("select", "radio", "submit"):
            options = [o for o in f.options if o] or f.options or [f.value]
            chosen = options[-1] if variant else (f.value or options[0])
            values[name] = [chosen] if f.multiple else chosen
        elif f.kind == "checkbox":
            if f.value:
                values[name] = f.value
        elif f.kind == "hidden" or f.value:
            values[name] = f.value
        else:
            guesses = plausible(name, f.kind)
            values[name] = guesses[variant % len(guesses)]
    return values


# --- a logged-in client per role --------------------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class RoleSession:
    """A test client logged in as one role; it logs in again when a form (logging out) ended
    the session. The visitor (no credentials) is kept logged out. With a second step (see
    tests/signin_fuzz_support.py), what follows the password: a code, or a stop between."""

    def __init__(
        self, app, role: str, credentials: tuple[str, str] | None, address: str, second_step=None
    ):
        self.role = role
        self.credentials = credentials
        self.second_step = second_step
        self.client = app.test_client()
        # An address per role: the login form's fuzzed failures lock nobody else out.
        self.client.environ_base["REMOTE_ADDR"] = address
        self.csrf = ""

    @property
    def start(self) -> str:
        if self.credentials is None:
            return "/login"
        return self.second_step.start if self.second_step else "/"

    def logged_in(self) -> bool:
        with self.client.session_transaction() as session:
            if self.second_step is not None:
                return self.second_step.holds(session)
            return "_user_id" in session

    def ensure(self) -> None:
        if self.credentials is None:
            if not self.csrf or self.logged_in():
                self.client.delete_cookie("session")
                self.csrf = self._token("/login")
            return
        if self.csrf and self.logged_in():
            return
        email, password = self.credentials
        token = self._token("/login")
        response = self.client.post(
            "/login", data={"email": email, "password": password, "csrf_token": token}
        )
        assert response.status_code == 302, f"{self.role} cannot log in: {response.status}"
        if self.second_step is not None:
            self.second_step.after_password(self.client)
        self.csrf = self._token(self.second_step.token_page if self.second_step else "/profile")

    def _token(self, path: str) -> str:
        match = CSRF_INPUT.search(self.client.get(path).get_data(as_text=True))
        assert match, f"no CSRF token on {path} for {self.role}"
        return match.group(1)

    def send(self, form: Form, values: dict):
        """Submit `values` as the browser would: a query string, a urlencoded or a multipart
        body; a csrf_token of None is the session's own; a file is (name, bytes)."""
        if form.method == "GET":
            pairs = [
                (name, item)
                for name, value in values.items()
                for item in (value if isinstance(value, list) else [value])
                if name != "csrf_token"
            ]
            return self.client.get(form.action, query_string=pairs)
        data = {}
        for name, value in values.items():
            if name == "csrf_token" and value is None:
                data[name] = self.csrf
            elif isinstance(value, tuple):
                data[name] = (BytesIO(value[1]), value[0])
            else:
                data[name] = value
        if form.multipart:
            return self.client.post(form.action, data=data, content_type="multipart/form-data")
        return self.client.post(form.action, data=data)
