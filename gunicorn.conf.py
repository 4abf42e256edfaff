# gunicorn reads this file from the working directory. Calendar feed URLs carry a secret
# token in their path: this logger class writes them as /feeds/<redacted>.ics in the access
# and error logs (tracker/feeds/redaction.py).
logger_class = "tracker.feeds.redaction.GunicornLogger"
