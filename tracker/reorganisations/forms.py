from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from tracker.core.forms import TrackerForm


class ReorganiseForm(TrackerForm):
    file = FileField(
        _l("Reorganisation table (.xlsx or .csv UTF-8)"),
        validators=[FileRequired(_l("Choose the reorganisation table."))],
    )


class ConfirmReorganiseForm(TrackerForm):
    """Confirms the previewed upload (kept under a token): only the CSRF token."""
