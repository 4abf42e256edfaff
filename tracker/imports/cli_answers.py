"""What every `tracker import-…` command answers, in one place: exit 2 with the reason when the
file cannot be read; otherwise the result (lines, or JSON with --json) and exit 1 when it had
problems (nothing written), 0 when it was applied or had nothing to change."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click
from flask_babel import gettext as _

from tracker.core.numbers import format_number
from tracker.imports.reader import ImportUnreadable, read_bytes
from tracker.imports.results import FileImport


def echo_problems(problems) -> bool:
    """Print a file's problems, each on its line, and how many (nothing was written), on
    standard error; False when there are none."""
    if not problems:
        return False
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(_("%(n)s problems; nothing was written.", n=format_number(len(problems))), err=True)
    return True


def answer_import(
    ctx: click.Context,
    file: Path,
    run: Callable[[], object],
    as_json: bool,
    show: Callable[[object], None],
    had_problems: Callable[[object], bool],
) -> None:
    try:
        result = run()
    except ImportUnreadable as error:
        if as_json:
            answer = {"status": "unreadable", **error.message.as_json(), "error": str(error)}
            click.echo(json.dumps(answer, ensure_ascii=False))
        else:
            click.echo(f"{file}: {error}", err=True)
        ctx.exit(2)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        show(result)
    ctx.exit(1 if had_problems(result) else 0)


def answer_table_import(
    ctx: click.Context,
    file: Path,
    read: Callable[[bytes, str], FileImport],
    as_json: bool,
    show: Callable[[FileImport], None],
) -> None:
    """answer_import for the imports whose service takes the file's bytes and name and says
    in its result why the file cannot be read (indicator sets, criteria, survey points,
    reorganisations)."""

    def run() -> FileImport:
        result = read(read_bytes(file), file.name)
        if result.unreadable is not None:
            raise ImportUnreadable(result.unreadable)
        return result

    answer_import(ctx, file, run, as_json, show, lambda result: bool(result.problems))
