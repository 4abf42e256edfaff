"""Backups: every table to one JSON file, or with the evidence files to one .tar.gz, and back
into an empty database."""

from tracker.core.problems import Problem


class BackupError(Exception):
    """The backup cannot be written or restored here: `problem` says why (in the reader's
    language when shown); `exit_code` is 1 (refused) or 2 (unreadable)."""

    def __init__(self, problem: Problem, exit_code: int = 1) -> None:
        super().__init__(problem)
        self.problem = problem
        self.exit_code = exit_code

    def __str__(self) -> str:
        return str(self.problem)
