"""URL converters shared by every blueprint."""

from __future__ import annotations

from werkzeug.routing import IntegerConverter

from tracker.core.db import MAX_INTEGER


class RowIdConverter(IntegerConverter):
    """`<id:name>`: a row id, 1 to the largest integer column value. Any other number names
    no row, so the URL matches no route and is answered 404 without reaching the database."""

    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, min=1, max=MAX_INTEGER)


# The years a plan, an indicator set or a reform index is for.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class YearConverter(IntegerConverter):
    """`<year:name>`: a year of four digits, 2000 to 2100 (the reform index's
    /index/<year>/<kind>); any other number matches no route (404)."""

    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, fixed_digits=4, min=FIRST_YEAR, max=LAST_YEAR)
