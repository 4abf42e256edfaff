"""Issue 12: a fuzz run of the HTML forms. Every form of every role, filled with hostile values,
never gets a 5xx.

The forms are found, not listed (tests/forms_support.py): on a committed demo database of its
own, each demo user (one per role) and a visitor who is not logged in follow the GET links from
the home page and read every form of every page, then submit each plausibly filled to reach the
forms that only exist once something was done (a feed to revoke, an extension request to
decide, an import's preview to confirm). One test per (role, method, endpoint) then submits
that role's form with values from Hypothesis: NUL and the other C0 controls, huge and negative
numbers, impossible dates, 10,000-character strings, decomposed Vietnamese, bidirectional
marks, zero-width joiners and astral characters, options the select does not offer, empty and
missing fields, files with hostile names, and valid-looking values to get past the first check.
The CSRF token stays the real one. The GET forms (filters) and the query arguments of the links
(a page number, an export's date) are fuzzed the same way.

The discovery runs at collection time (the tests are parametrised by what it finds), so
collecting this module builds the demo database and crawls it (~35 s). Submitting mutates the
data: the database is a throwaway, the forms that end something (log out, cancel, revoke,
decide) run last, and a session lost to the logout form is logged in again. Last, every page
the crawl found is read again, so a stored hostile value that breaks a page is caught too.

In testing mode the app's exceptions propagate: a failure shows the app's own traceback, with
the role, the action and the submitted values in its notes (Hypothesis's own "Failing example"
line is blank for these arguments). Bounded to about 90 s on two cores, with a fixed seed:
FUZZ_EXAMPLES=100 explores further (that many random examples per form, and a quarter as many
rounds of the explicit ones), FUZZ_SHRINK=1 lets Hypothesis shrink a failure to its smallest.
"""

from __future__ import annotations

import os
import unicodedata
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from tests.forms_pages import REDIRECTS, SAMPLE_PDF, plausible
from tests.forms_support import FormCase, FuzzSite, quiet_logs

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
SHRINK = os.environ.get("FUZZ_SHRINK", "") not in ("", "0")
# Files are built on each request (an .xlsx export, a .docx report): fewer examples.
DOWNLOAD_EXAMPLES = max(1, EXAMPLES // 4)


# Hostile values, by class (each class is also tried on every field at once, below).
def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


HOSTILE = {
    "nul": ["a\x00b", "\x00", "2021\x00", "01/07/2021\x00", "\x00" * 64],
    "c0": ["\x1f", "\x01\x02\x03", "\x1b[2J", "\x07", "a\x0bb\x0cc", "\r\n\t", "\x7f", "\x85"],
    "huge_number": [
        str(10**30),
        str(-(10**30)),
        "1e309",
        "-1",
        "9223372036854775808",
        "-0",
        "2147483648",
        "nan",
        "inf",
        "-inf",
        "0x10",
        "1_000",
        "3.5",
        "1,5",
        " 7 ",
        "+5",
    ],
    # Digits to str.isdigit() that int() refuses (superscripts, circled), and others it takes.
    "odd_digits": ["²⁰²¹", "①", "٢٠٢١", "²", "①②③④", "２０２１", "Ⅻ", "𝟚𝟘𝟚𝟙", "१२"],
    "bad_date": [
        "1/1/99999999999999999999",
        "31/02/2021",
        "0000-00-00",
        "Q1/99999",
        "29/02/2023",
        "00/00/0000",
        "32/01/2021",
        "01/13/2021",
        "01/01/0001",
        "31/12/1899",
        "01/01/3000",
        "9999-12-31",
        "1/1/-1",
        "١/١/٢٠٢١",
        "2021-Q5",
        "2021-Q0",
        "Q9/2021",
        "2021-Q",
        "99999-Q1",
        "0-Q1",
        "30/09/2021..01/07/2021",
        "1/1/1..1/1/99999999999999999999",
        "..",
        "01/07/2021..",
        "2021-02-30",
        "99999999999999999999",
    ],
    "long": ["a" * 10_000, "Ữ" * 10_001, "1" * 5_000, "x/" * 3_000, " " * 10_000],
    "unicode": [
        _nfd("Nguyễn Thị Hương — Sở Nội vụ"),
        _nfd("Ủy ban nhân dân tỉnh Quảng Trị"),
        "\u202eKH-UBND\u202c",
        "\u200f\u200e\u061c",
        "👩\u200d👩\u200d👧\u200d👦",
        "a\u200db\u200cc\u2060",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈 🀄",
        "\U0010fffd\U000e0001",
        "\ufeffBOM",
        "\u0301\u0303\u0323",
        "\ufdd0\uffff\ufffe",
        "İı ß ﬀ Ω",
        "\u00a0\u3000\u2028\u2029",
        "Ǆ" * 3 + "ǅ",
    ],
    "injection": [
        "' OR '1'='1",
        '"; DROP TABLE users; --',
        "%",
        "%00",
        "%s%s%n",
        "{{7*7}}",
        "<script>alert(1)</script>",
        '=HYPERLINK("http://evil.example","x")',
        "=1+1",
        "@SUM(1)",
        "../../../../etc/passwd",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "https://evil.example/",
        "http://[::1",
        "http://a:b@:99999999/",
        "\\\\server\\share",
    ],
    "empty": ["", " ", "\t", "\n"],
}
ALL_HOSTILE = [value for values in HOSTILE.values() for value in values]
FILE_NAMES = [
    "a" * 250 + ".html.pdf",
    "a" * 5000 + ".pdf",
    "../../../etc/passwd.pdf",
    "..\\..\\boot.ini.pdf",
    "x\x00.pdf",
    "\x01\x1f.pdf",
    _nfd("Báo cáo kết quả.pdf"),
    "\u202egnp.exe.pdf",
    "CON.pdf",
    ".pdf",
    "noextension",
    "evidence.PDF",
    "plan.xlsx",
    "ke-hoach.csv",
    "😀.docx",
    "",
]
FILE_BODIES = [
    b"",
    SAMPLE_PDF,
    b"\x00" * 2048,
    b"PK\x03\x04" + b"\x00" * 60,
    b"<html><script>alert(1)</script></html>",
    "Số TT,Nhiệm vụ\n1,=cmd|' /C calc'!A0\n".encode(),
    b"\xff\xfe\x00\x00garbage",
]


hostile_text = st.one_of(
    st.sampled_from(ALL_HOSTILE),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.tuples(st.sampled_from(ALL_HOSTILE), st.sampled_from(ALL_HOSTILE)).map("".join),
)
OMIT = object()


def value_strategy(field) -> st.SearchStrategy:
    """What to post for one field: the page's own value, a plausible one, a hostile one, or
    nothing at all."""
    if field.name == "csrf_token":
        return st.just(None)  # the session's real token, filled in when sending
    if field.kind == "file":
        return st.one_of(
            st.just(OMIT),
            st.tuples(
                st.sampled_from(FILE_NAMES),
                st.one_of(st.sampled_from(FILE_BODIES), st.binary(max_size=200)),
            ),
        )
    known = [v for v in [field.value, *field.options, *plausible(field.name, field.kind)] if v]
    choices = [st.sampled_from(known)] * 2 if known else []
    single = st.one_of(*choices, hostile_text)
    if field.kind == "select" and field.multiple:
        return st.one_of(st.just(OMIT), st.lists(single, max_size=4))
    return st.one_of(st.just(OMIT), single, *choices)


@st.composite
def submissions(draw, case: FormCase):
    index = draw(st.integers(0, len(case.forms) - 1))
    values = {}
    for name, field in case.forms[index].fields.items():
        value = draw(value_strategy(field))
        if value is not OMIT:
            values[name] = value
    return index, values


# The explicit examples every form gets before the random ones: in each, every field holds a
# value of one of the theme's classes (the next field the next class), every file a hostile
# name. The first role that has a form tries the first (the worst) value of each class, the
# next role the next one; each further round (FUZZ_EXAMPLES / 4) shifts them by one more.
THEMES = (
    ("nul", "c0"),
    ("huge_number", "bad_date", "odd_digits"),
    ("long", "injection"),
    ("unicode", "empty"),
)


def sweeps(case: FormCase, offset: int, rounds: int) -> list[tuple[int, dict]]:
    examples = []
    # A file is built per request (an .xlsx export, a .docx report): numbers and dates, the
    # query arguments those take, and NUL.
    themes = THEMES[:2] if case.is_download else THEMES
    for shift in range(rounds):
        for theme in themes:
            filled = {}
            for position, (name, field) in enumerate(case.forms[0].fields.items()):
                values = HOSTILE[theme[(position + shift) % len(theme)]]
                value = values[(offset + shift + position // len(theme)) % len(values)]
                if name == "csrf_token":
                    filled[name] = None
                elif field.kind == "file":
                    filled[name] = (FILE_NAMES[(offset + shift) % len(FILE_NAMES)], SAMPLE_PDF)
                elif field.kind == "select" and field.multiple:
                    filled[name] = [value, *field.options[:1]]
                else:
                    filled[name] = value
            if (0, filled) not in examples:  # a form of a token only is the same in each
                examples.append((0, filled))
    return examples


def described(case: FormCase, form, values: dict, response=None) -> str:
    def short(value):
        text = repr(value)
        return text if len(text) <= 200 else f"{text[:120]}…({len(text)} chars)…{text[-40:]}"

    lines = [f"role={case.role} {form.method} {form.action} (found on {form.page})"]
    lines += [
        f"  {name} = {short(value) if value is not None else '(the session token)'}"
        for name, value in values.items()
    ]
    if response is not None:
        lines.append(f"-> {response.status}: {response.get_data(as_text=True)[-1500:]}")
    return "\n".join(lines)


# --- the tests, parametrised by what the discovery finds (at collection) ----------------------

_site: FuzzSite | None = None


def fuzz_site() -> FuzzSite:
    global _site
    if _site is None:
        _site = FuzzSite("_formfuzz")
    return _site


def pytest_generate_tests(metafunc):
    if "case" in metafunc.fixturenames:
        cases = fuzz_site().cases
        metafunc.parametrize("case", cases, ids=[case.id for case in cases])
    elif "crawled_role" in metafunc.fixturenames:
        metafunc.parametrize("crawled_role", list(fuzz_site().sessions))


@pytest.fixture(scope="module")
def site():
    global _site
    yield fuzz_site()
    if _site is not None:
        _site.close()
        _site = None


def test_every_role_finds_forms_and_no_page_fails(site):
    roles = {case.role for case in site.cases}
    assert roles == set(site.sessions), f"roles without a form: {set(site.sessions) - roles}"
    errors = [error for found in site.sites for error in found.errors]
    assert not errors, "pages that failed while discovering:\n" + "\n".join(errors)


def test_every_form_action_of_the_app_is_fuzzed(site):
    """Each route that takes a POST outside the API receives some page's form: a form the crawl
    cannot reach (a new page not linked from anywhere) would escape the fuzz."""
    fuzzed = {case.endpoint for case in site.cases if case.method == "POST"}
    actions = {
        rule.endpoint
        for rule in site.app.url_map.iter_rules()
        if "POST" in rule.methods
        and not rule.rule.startswith("/api/")
        # JSON for a page's script (the passkey ceremonies): fuzzed in tests/test_passkeys.py
        and not getattr(site.app.view_functions[rule.endpoint], "answers_json", False)
    }
    assert actions <= fuzzed, f"no form found for {sorted(actions - fuzzed)}"


def test_form_survives_hostile_values(site, case: FormCase):
    session = site.sessions[case.role]
    phases = [Phase.explicit, Phase.generate] + ([Phase.shrink] if SHRINK else [])

    @settings(
        max_examples=DOWNLOAD_EXAMPLES if case.is_download else EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=phases,
        report_multiple_bugs=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(submission=submissions(case))
    def submit(submission):
        index, values = submission
        session.ensure()
        form = site.current(session, case.forms[index])
        try:
            response = session.send(form, values)
            followed = None
            location = urlsplit(response.headers.get("Location", ""))
            # Where a success leads shows what was just stored.
            local = location.netloc in ("", "localhost") and location.path != "/login"
            if response.status_code in REDIRECTS and local:
                followed = session.client.get(location.path, query_string=location.query)
        except Exception as error:
            error.add_note(described(case, form, values))
            raise
        assert response.status_code < 500, described(case, form, values, response)
        if followed is not None:
            assert followed.status_code < 500, described(case, form, values, followed)

    having = [c.role for c in site.cases if (c.method, c.endpoint) == (case.method, case.endpoint)]
    rounds = max(1, EXAMPLES // 4)
    for explicit in reversed(sweeps(case, having.index(case.role), rounds)):
        submit = example(submission=explicit)(submit)
    with quiet_logs(site.app):
        submit()


def test_pages_still_render_after_the_fuzz(site, crawled_role):
    """The values the fuzz stored (a note, a reason, a file's name) break no page."""
    session = site.sessions[crawled_role]
    failures = []
    with quiet_logs(site.app):
        session.ensure()
        for page in site.pages(crawled_role):
            try:
                response = session.client.get(page)
            except Exception as error:  # noqa: BLE001  (collected: one line per page)
                failures.append(f"GET {page}: {type(error).__name__}: {error}")
                continue
            if response.status_code >= 500:
                failures.append(f"GET {page}: {response.status}")
    assert not failures, "\n".join(failures)
