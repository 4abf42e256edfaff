"""Celery worker and beat: `celery -A worker worker`, `celery -A worker beat`.

The Celery app lives in worker.celery, built from create_app(), so every job runs inside the
Flask app context. Jobs take ids and call services; they hold no rules of their own.
"""
