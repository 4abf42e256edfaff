"""The office's forms of the index: importing a year's criteria (the table, and what the
command line's options say) and a set's settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from tracker.core.forms import DayFirstDateField, TrackerForm
from tracker.reform_index.criteria_import import DECISION_MAX, NAME_MAX
from tracker.reform_index.models import INDEX_KIND_LABELS, INDEX_KINDS
from tracker.reform_index.rules import read_points

YEAR = r"^\s*(20[0-9][0-9]|2100)\s*$"
POINTS = r"^\s*(\d+([.,]\d+)?)?\s*$"
DAYS = r"^\s*\d{1,2}\s*$"


def kind_choices() -> list[tuple[str, str]]:
    return [(kind, INDEX_KIND_LABELS[kind]) for kind in INDEX_KINDS]


def points_or_none(text: str | None) -> float | None:
    return read_points((text or "").strip()) if (text or "").strip() else None


class CriteriaOptionsForm(TrackerForm):
    year = StringField(
        _l("Year"),
        validators=[
            DataRequired(_l("Give the year the criteria are for.")),
            Regexp(YEAR, message=_l("Give a year from 2000 to 2100.")),
        ],
    )
    kind = SelectField(_l("Units assessed"), choices=[], validate_choice=True)
    name = StringField(
        _l("Name (default: the set's, or one made of the year and the units)"),
        validators=[Optional(), Length(max=NAME_MAX)],
    )
    decision = StringField(
        _l("Decision (“Quyết định số … ngày …”)"),
        validators=[Optional(), Length(max=DECISION_MAX)],
    )
    survey_max = StringField(
        _l("Survey's maximum points (default: the set's, else 0)"),
        validators=[Regexp(POINTS, message=_l("Give points such as 10 or 2,5."))],
    )
    demo = BooleanField(_l("Demo data"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = kind_choices()

    def options(self) -> dict:
        """The service's arguments; empty means the set's own."""
        return {
            "year": int(self.year.data.strip()),
            "kind": self.kind.data,
            "name": (self.name.data or "").strip() or None,
            "decision": (self.decision.data or "").strip() or None,
            "survey_max": points_or_none(self.survey_max.data),
            "demo": True if self.demo.data else None,
        }


class ImportCriteriaForm(CriteriaOptionsForm):
    file = FileField(
        _l("Criteria table (.xlsx, or .csv UTF-8)"),
        validators=[FileRequired(_l("Choose the table of the criteria."))],
    )


class ConfirmCriteriaForm(TrackerForm):
    """Confirms the previewed upload (kept under a token) with the options it was previewed
    with, as hidden fields; the service checks them again."""

    year = HiddenField()
    kind = HiddenField()
    name = HiddenField()
    decision = HiddenField()
    survey_max = HiddenField()
    demo = HiddenField()

    def options(self) -> dict:
        year = (self.year.data or "").strip()
        return {
            "year": int(year) if year.isascii() and year.isdigit() else None,
            "kind": self.kind.data,
            "name": (self.name.data or "").strip() or None,
            "decision": (self.decision.data or "").strip() or None,
            "survey_max": points_or_none(self.survey_max.data),
            "demo": True if self.demo.data == "y" else None,
        }


def confirm_data(options: dict) -> dict:
    """The options as the confirmation's hidden fields."""
    return {
        "year": str(options["year"]),
        "kind": options["kind"],
        "name": options["name"] or "",
        "decision": options["decision"] or "",
        "survey_max": "" if options["survey_max"] is None else str(options["survey_max"]),
        "demo": "y" if options["demo"] else "",
    }


class SettingsForm(TrackerForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(_l("Give the set a name.")), Length(max=NAME_MAX)]
    )
    decision = StringField(_l("Decision"), validators=[Optional(), Length(max=DECISION_MAX)])
    self_deadline = DayFirstDateField(_l("Units submit their self-assessment by"))
    answer_days = StringField(
        _l("Days a unit has to answer the appraisal"),
        validators=[
            DataRequired(_l("Give a whole number from 1 to 90.")),
            Regexp(DAYS, message=_l("Give a whole number from 1 to 90.")),
        ],
        render_kw={"inputmode": "numeric"},
    )
    survey_max = StringField(
        _l("Survey's maximum points"),
        validators=[Regexp(POINTS, message=_l("Give points such as 10 or 2,5."))],
        render_kw={"inputmode": "decimal"},
    )
    bands = TextAreaField(
        _l("Bands, one a line: label and lowest index (“Khá: 80”)"),
        validators=[DataRequired(_l("Give the bands."))],
        render_kw={"rows": 5},
    )
    version = HiddenField()
