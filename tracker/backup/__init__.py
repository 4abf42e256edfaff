"""Backups: every table to one JSON file, or with the evidence files to one .tar.gz, and back
into an empty database."""


class BackupError(Exception):
    """The backup cannot be written or restored here; `exit_code` is 1 (refused) or
    2 (unreadable)."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code
