from flask_babel import lazy_gettext as _l
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from tracker.assignments.forms import VersionedForm


class CompletionDecisionForm(VersionedForm):
    """A row of "Awaiting confirmation": its two buttons post the decision."""

    decision = SelectField(choices=[("accept", _l("Confirm")), ("send_back", _l("Send back"))])
    note = TextAreaField(_l("Note (the reason, to send back)"), validators=[Length(max=5000)])


class ExtensionDecisionForm(VersionedForm):
    decision = SelectField(choices=[("approve", _l("Approve")), ("reject", _l("Reject"))])
    note = TextAreaField(_l("Note (the reason, to reject)"), validators=[Length(max=2000)])
