"""The multipart request of POST /api/v1/users/import, read into an onboarding result: whatever
is wrong with it (no file, an unreadable one, a dry_run that is not true or false) is a problem
of the result like those of the file's rows, so that the route answers one shape."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import FileStorage

from tracker.core.problems import Problem
from tracker.imports.results import ImportProblem
from tracker.people.onboarding import ImportUnreadable, OnboardingResult, import_people

TRUE = ("true", "1", "yes", "on")
FALSE = ("false", "0", "no", "off", "")


def no_file() -> Problem:
    return Problem("file_required", _l("Send the file of people as the multipart part “file”."))


def not_a_flag(value: str) -> Problem:
    return Problem(
        "dry_run_not_a_flag", _l("dry_run is true or false, not “%(value)s”."), value=value[:40]
    )


def import_file(actor, upload: FileStorage | None, dry_run: str | None) -> OnboardingResult:
    filename = (upload.filename or "") if upload is not None else ""
    flag = (dry_run or "").strip().lower()
    result = OnboardingResult(filename=filename, dry_run=flag in TRUE)
    if flag not in TRUE + FALSE:
        result.problems.append(ImportProblem(not_a_flag(dry_run or "")))
    if upload is None:
        result.problems.append(ImportProblem(no_file()))
    if result.problems:
        return result
    try:
        return import_people(actor, upload.stream, filename, dry_run=result.dry_run)
    except ImportUnreadable as error:
        result.problems.append(ImportProblem(error.message))
        return result
