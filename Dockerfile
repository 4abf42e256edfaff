# The app image: web (gunicorn), Celery worker and beat all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TRACKER_ENV=production
RUN useradd --create-home --uid 10001 tracker
WORKDIR /app

COPY pyproject.toml README.md babel.cfg ./
COPY tracker ./tracker
COPY worker ./worker
COPY templates ./templates
COPY migrations ./migrations
COPY gunicorn.conf.py ./
RUN pip install --no-cache-dir . \
    && pybabel compile -d tracker/translations -D messages \
    && mkdir -p /app/instance /data/evidence && chown -R tracker:tracker /app/instance /data

USER tracker
EXPOSE 8000
CMD ["gunicorn", "--bind", "0.0.0.0:8000", "tracker.wsgi:app"]
