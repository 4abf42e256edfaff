"""Reminders (đôn đốc): planned from the database state, delivered once by Celery jobs."""
