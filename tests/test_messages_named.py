"""Every refusal a person reads is a Problem (a stable code and a sentence translated when it is
shown), never text written in English in a service: this reads the source and fails on any
error that is a plain string (a literal or an f-string).

Together with tests/test_i18n.py (every extracted sentence has its Vietnamese) this is the
check that no message reachable from a form, the importer or the API lacks Vietnamese."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "tracker"
REFUSALS = {
    "ValidationFailed",
    "Conflict",
    "Forbidden",
    "NotFound",
    "ServiceError",
    "ImportProblem",
}


def _plain_text(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return _plain_text(node.left)
    if isinstance(node, ast.IfExp):
        return _plain_text(node.body) or _plain_text(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in {"format", "join"} and _plain_text(node.func.value)
    return False


def _name_of(func: ast.AST) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def offenders() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        where = path.relative_to(ROOT.parent)
        for node in ast.walk(tree):
            # errors["field"] = "text" (the dict of a form's or a service's field errors)
            if isinstance(node, ast.Assign) and _plain_text(node.value):
                for target in node.targets:
                    if (
                        isinstance(target, ast.Subscript)
                        and isinstance(target.value, ast.Name)
                        and target.value.id in {"errors", "problems", "fields"}
                    ):
                        found.append(f"{where}:{node.lineno}: {ast.unparse(node)[:90]}")
            # raise ValidationFailed("text"), Conflict(f"…"), …
            if isinstance(node, ast.Call) and _name_of(node.func) in REFUSALS:
                if node.args and _plain_text(node.args[0]):
                    found.append(f"{where}:{node.lineno}: {ast.unparse(node)[:90]}")
                for value in node.args[1:2]:
                    if isinstance(value, ast.Dict) and any(map(_plain_text, value.values)):
                        found.append(f"{where}:{node.lineno}: {ast.unparse(node)[:90]}")
    return found


def test_every_refusal_is_a_named_problem():
    found = offenders()
    assert found == [], f"{len(found)} refusals written as plain text:\n" + "\n".join(found)
