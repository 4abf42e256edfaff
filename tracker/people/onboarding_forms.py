from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from tracker.core.forms import TrackerForm


class PeopleFileForm(TrackerForm):
    file = FileField(
        _l("List of people (.xlsx or .csv UTF-8)"),
        validators=[FileRequired(_l("Choose the file of people."))],
    )


class ConfirmPeopleForm(TrackerForm):
    """Only the CSRF token: the file is the one kept since its preview."""
