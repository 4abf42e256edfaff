"""The Celery app taken from the Flask app (Celery finds it as `worker.celery:app`)."""

from tracker import create_app

flask_app = create_app()
app = flask_app.extensions["celery"]
celery = app
