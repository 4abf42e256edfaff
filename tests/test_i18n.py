"""Vietnamese by default with its diacritics, English on request, dates as dd/mm/yyyy."""

from __future__ import annotations

import subprocess
from datetime import date

from babel.messages.pofile import read_po

from tests.conftest import csrf_from
from tests.support import BIN, ROOT


def test_login_page_is_vietnamese_by_default(client):
    page = client.get("/login", headers={"Accept-Language": "en-US"}).get_data(as_text=True)
    assert 'lang="vi"' in page
    assert "Đăng nhập" in page
    assert "Mật khẩu" in page


def test_user_can_switch_to_english_and_it_is_remembered(client, make_user, login, db_session):
    user = make_user(role="office")
    login(user)
    token = csrf_from(client, "/plans/")
    client.post("/language/en", data={"csrf_token": token, "next": "/plans/"})
    page = client.get("/plans/").get_data(as_text=True)
    assert "Plans" in page and 'lang="en"' in page
    db_session.refresh(user)
    assert user.locale == "en"


def test_dates_read_day_first(app):
    from tracker.core.timeutil import format_date, parse_day_first

    assert format_date(date(2021, 9, 30)) == "30/09/2021"
    assert parse_day_first("30/6/2021") == date(2021, 6, 30)
    assert parse_day_first("30-6-2021") == date(2021, 6, 30)


def test_every_string_has_a_vietnamese_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(BIN / "pybabel"),
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    with (ROOT / "tracker/translations/vi/LC_MESSAGES/messages.po").open("rb") as handle:
        catalog = read_po(handle)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    missing = sorted(wanted - translated)
    assert missing == [], "run `make translations` and add to vi.tsv: " + "; ".join(missing)


def test_static_assets_are_vendored_not_from_a_cdn(client):
    page = client.get("/login").get_data(as_text=True)
    assert "http://" not in page.split("<body")[0] and "https://" not in page.split("<body")[0]
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    response.close()
