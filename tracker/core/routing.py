"""URL converters shared by every blueprint."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

from tracker.core.db import MAX_INTEGER


class RowIdConverter(IntegerConverter):
    """`<id:name>`: a row id, 1 to the largest integer column value. Any other number names
    no row, so the URL matches no route and is answered 404 without reaching the database."""

    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, min=1, max=MAX_INTEGER)
