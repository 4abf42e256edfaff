"""Rewrite `from tracker.x import name` statements after modules or names moved.

Used for the #13 restructuring; kept because the next one will need it too. Give it a JSON
map of moves, e.g.

    {"modules": {"tracker.status.workflow": "tracker.assignments.progress"},
     "names": {"tracker.plans.models:Assignment": "tracker.assignments.models:Assignment"}}

and it rewrites every .py file under the given roots: each imported name goes to where it now
lives (renamed if the map says so), statements are split or merged by target module, and
`ruff check --fix` sorts them afterwards. Dotted strings in code ("tracker.status.workflow")
are rewritten for module moves too (patch targets, import_module names).
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections import defaultdict
from pathlib import Path


def target(module: str, name: str, moves: dict) -> tuple[str, str]:
    key = f"{module}:{name}"
    if key in moves["names"]:
        new_module, new_name = moves["names"][key].split(":")
        return new_module, new_name
    full = f"{module}.{name}"
    if full in moves["modules"]:  # `from tracker.status import workflow`
        parent, _, leaf = moves["modules"][full].rpartition(".")
        return parent, leaf
    return moves["modules"].get(module, module), name


def rewrite(source: str, moves: dict) -> str:
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    edits = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom) or not (node.module or "").startswith("tracker"):
            continue
        if node.level:
            continue
        grouped: dict[str, list[str]] = defaultdict(list)
        for alias in node.names:
            module, name = target(node.module, alias.name, moves)
            asname = alias.asname
            if asname is None and name != alias.name:
                asname = alias.name  # keep the local name the code uses
            if asname == name:
                asname = None
            grouped[module].append(f"{name} as {asname}" if asname else name)
        unchanged = [a.name for a in node.names]
        if list(grouped) == [node.module] and unchanged == [
            n.split(" as ")[0] for n in grouped[node.module]
        ]:
            continue
        original = "".join(lines[node.lineno - 1 : node.end_lineno])
        comment = re.search(r"#.*$", original.splitlines()[-1])
        indent = " " * node.col_offset
        new = []
        for module, names in grouped.items():
            new.append(f"{indent}from {module} import {', '.join(names)}")
        if comment:
            new[0] += f"  {comment.group(0)}"
        edits.append((node.lineno, node.end_lineno, "\n".join(new) + "\n"))
    for start, end, text in sorted(edits, reverse=True):
        lines[start - 1 : end] = [text]
    result = "".join(lines)
    return result


def main() -> None:
    moves = json.loads(Path(sys.argv[1]).read_text())
    moves.setdefault("modules", {})
    moves.setdefault("names", {})
    for root in sys.argv[2:]:
        for path in Path(root).rglob("*.py"):
            if ".venv" in path.parts:
                continue
            source = path.read_text()
            new = rewrite(source, moves)
            if new != source:
                path.write_text(new)
                print(path)


if __name__ == "__main__":
    main()
