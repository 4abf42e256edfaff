"""Helpers shared by every domain: time, permissions, database column helpers."""
