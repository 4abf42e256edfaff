from flask import Flask

from tracker.core.templating import register_globals
from tracker.notifications.mail import notice_message
from tracker.notifications.services import DELIVERY_KIND, unread_count
from tracker.notifications.views import bp
from tracker.reminders.messages import register_message


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    register_message(DELIVERY_KIND, notice_message)
    register_globals(app, unread_notifications=unread_count)
