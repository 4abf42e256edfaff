"""The JSON API's answers on the demo data, byte for byte, against a recording.

The recording (tests/data/api_golden.json) was made before the code was restructured; a
restructuring that changes no behaviour keeps every answer identical. Record again, on purpose
and in its own commit, with `RECORD_API_GOLDEN=1 pytest tests/test_api_golden.py`.

Only requests whose answers do not move with the clock are recorded: figures and lists with an
explicit as_of, the 2021 plans' tasks, and refusals.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.support import committed_demo_app
from tracker.extensions import db

GOLDEN = Path(__file__).parent / "data" / "api_golden.json"
PLAN = "5959/QĐ-UBND"
AS_OF = "2021-09-30"

# (who, method, path, query or JSON body)
REQUESTS: list[tuple[str, str, str, dict | None]] = [
    ("office", "GET", "/units", None),
    ("office", "GET", "/unit-groups", None),
    ("office", "GET", "/plans", None),
    ("office", "GET", "/tasks/1", None),
    ("office", "GET", "/tasks/40", None),
    ("office", "GET", "/tasks/999999", None),
    ("office", "GET", "/status/units", {"as_of": AS_OF}),
    ("office", "GET", "/status/units", {"as_of": AS_OF, "plan": PLAN}),
    ("office", "GET", "/status/units", {"as_of": "2021-12-31", "plan": PLAN, "kind": "district"}),
    ("office", "GET", "/status/units", {"as_of": "30/09/2021", "order": "score", "desc": "1"}),
    ("office", "GET", "/status/units", {"as_of": "yesterday"}),
    ("office", "GET", "/status/units", {"as_of": AS_OF, "order": "nonsense"}),
    ("office", "GET", "/assignments", {"as_of": AS_OF}),
    ("office", "GET", "/assignments", {"as_of": AS_OF, "plan": PLAN, "page": "2"}),
    ("office", "GET", "/assignments", {"as_of": AS_OF, "class": "overdue_open"}),
    ("office", "GET", "/assignments", {"as_of": AS_OF, "unit": "SNV", "sort": "urgency"}),
    ("office", "GET", "/assignments", {"as_of": AS_OF, "state": "done", "per_page": "5"}),
    ("office", "GET", "/assignments", {"as_of": AS_OF, "q": "thủ tục", "per_page": "10"}),
    ("office", "GET", "/assignments", {"as_of": AS_OF, "page": "0"}),
    ("office", "GET", "/assignments", {"as_of": AS_OF, "unit": "KHONGCO"}),
    ("lead", "GET", "/assignments", {"as_of": AS_OF, "unit": "SNV", "per_page": "3"}),
    ("viewer", "GET", "/status/units", {"as_of": AS_OF, "plan": PLAN}),
    ("anonymous", "GET", "/assignments", {"as_of": AS_OF}),
    ("office", "POST", "/tasks", {"plan_code": PLAN}),
    ("office", "POST", "/tasks", {"plan_code": "KHONGCO", "number": "1", "title": "t"}),
    ("lead", "POST", "/tasks", {"plan_code": PLAN, "number": "Z.1", "title": "t"}),
    ("lead", "POST", "/assignments/1/updates", {"state": "done"}),
    ("lead", "POST", "/assignments/999999/updates", {"state": "done", "version": 1}),
    ("office", "PATCH", "/assignments/1", {"state": "open"}),
    ("office", "POST", "/extension-requests/999999/decision", {"approve": True}),
    ("viewer", "POST", "/assignments/1/confirmation", {"accept": True}),
    ("office", "GET", "/feeds", None),
    # The users API (#16): its refusals (its answers hold the clock's created_at).
    ("viewer", "GET", "/users", None),
    ("office", "GET", "/users", {"role": "boss", "active": "maybe", "page": "0"}),
    ("office", "POST", "/users", {"email": "khong-phai-email", "name": "", "role": "unit_member"}),
    (
        "lead",
        "POST",
        "/users",
        {"email": "moi@quangtri.gov.vn", "name": "Người Mới", "role": "unit_member", "unit": "STP"},
    ),
    ("office", "PATCH", "/users/999999", {"name": "Tên"}),
    ("office", "POST", "/users/999999/invitation", None),
]

USERS = {
    "office": "vanphong@cchc.demo",
    "lead": "lanhdao.snv@cchc.demo",
    "viewer": "xem@cchc.demo",
}


@pytest.fixture(scope="module")
def golden_app(tmp_path_factory):
    with committed_demo_app("_golden", tmp_path_factory.mktemp("golden-instance")) as app:
        yield app


def _tokens(app) -> dict[str, str]:
    from tracker.accounts.api_tokens import create_token
    from tracker.accounts.models import User

    tokens = {}
    with app.app_context():
        for who, email in USERS.items():
            user = db.session.scalar(select(User).where(User.email == email))
            tokens[who] = create_token(user, "golden")[1]
    return tokens


def _answers(app) -> list[dict]:
    tokens = _tokens(app)
    client = app.test_client()
    answers = []
    for who, method, path, payload in REQUESTS:
        headers = {"Authorization": f"Bearer {tokens[who]}"} if who in tokens else {}
        kwargs = {"query_string": payload} if method == "GET" else {"json": payload}
        response = client.open(f"/api/v1{path}", method=method, headers=headers, **kwargs)
        answers.append(
            {
                "request": f"{who} {method} {path} {json.dumps(payload, ensure_ascii=False)}",
                "status": response.status_code,
                "content_type": response.content_type,
                "body": response.get_data(as_text=True),
            }
        )
    return answers


def test_api_answers_are_those_recorded(golden_app):
    answers = _answers(golden_app)
    if os.environ.get("RECORD_API_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(answers, ensure_ascii=False, indent=1) + "\n")
    recorded = json.loads(GOLDEN.read_text())
    assert [a["request"] for a in answers] == [r["request"] for r in recorded]
    for answer, expected in zip(answers, recorded, strict=True):
        assert answer == expected, answer["request"]
