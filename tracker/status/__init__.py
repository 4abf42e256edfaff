"""The status view: every unit's figures as of a date, as a page, a workbook and JSON."""
