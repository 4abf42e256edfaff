"""Backups: every table to one JSON file, and back into an empty database."""
