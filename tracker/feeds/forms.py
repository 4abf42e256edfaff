from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.validators import Length, Optional

from tracker.core.forms import TrackerForm
from tracker.feeds.models import SCOPE_LABELS


class FeedForm(TrackerForm):
    name = StringField(
        _l("Name (what the link is for)"),
        validators=[Optional(), Length(max=100)],
        render_kw={"placeholder": _l("e.g. Phone calendar")},
    )
    scope = RadioField(_l("Deadlines of"), choices=list(SCOPE_LABELS.items()), default="mine")
    # Choices are set by the view: what this user may subscribe to.
    unit = SelectField(_l("Unit"), choices=[], validate_choice=False)
    plan = SelectField(_l("Plan"), choices=[], validate_choice=False)
    include_cooperating = BooleanField(_l("Also tasks where the unit cooperates"))
    include_done = BooleanField(_l("Keep done tasks (otherwise they leave after 30 days)"))
