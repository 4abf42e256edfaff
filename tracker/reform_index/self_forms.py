"""The card of one sub-criterion on the self-assessment page, read into what save_item takes:
the points (typed with a decimal comma, or a level chosen), the evidence kept, the new evidence
(picked from the unit's own, a document, a link, a file) and the explanation."""

from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import Length

from tracker.core.forms import DayFirstDateField, TrackerForm
from tracker.core.problems import Problem, required
from tracker.indicators.rules import read_number
from tracker.reform_index.assessments import EXPLANATION_MAX
from tracker.reform_index.evidence import DOCUMENT_NUMBER_MAX, URL_MAX, EvidenceInput
from tracker.reform_index.formulas import is_computed


class ItemForm(TrackerForm):
    points = StringField(_l("Points"))
    explanation = TextAreaField(
        _l("Explanation (why there is no evidence)"), validators=[Length(max=EXPLANATION_MAX)]
    )
    journal_entry = StringField(_l("Evidence your unit already gave"))
    document_number = StringField(
        _l("Document number"), validators=[Length(max=DOCUMENT_NUMBER_MAX)]
    )
    document_date = DayFirstDateField(_l("Document date"))
    url = StringField(_l("Link"), validators=[Length(max=URL_MAX)])
    file = FileField(_l("File"))
    version = HiddenField()


def _points(form: ItemForm, item, errors: dict, key: str) -> float | None:
    if is_computed(item.criterion):
        return None
    raw = (form.points.data or "").strip()
    if not raw:
        return None
    try:
        return read_number(raw)
    except ValueError:
        errors[f"{key}.points"] = Problem(
            "not_a_number", _l("Give the points as a number, such as 0,5.")
        )
        return None


def _new_evidence(form: ItemForm, errors: dict, key: str) -> list[EvidenceInput]:
    new = []
    picked = (form.journal_entry.data or "").strip()
    if picked:
        try:
            new.append(EvidenceInput(kind="journal", journal_entry_id=int(picked)))
        except ValueError:
            errors[f"{key}.journal_entry"] = Problem(
                "not_unit_evidence", _l("Pick evidence your unit gave on one of its tasks.")
            )
    number = (form.document_number.data or "").strip()
    if number:
        new.append(
            EvidenceInput(
                kind="document", document_number=number, document_date=form.document_date.date
            )
        )
    elif form.document_date.date is not None:
        errors[f"{key}.document_number"] = required()
    url = (form.url.data or "").strip()
    if url:
        new.append(EvidenceInput(kind="link", url=url))
    upload = form.file.data
    if upload is not None and getattr(upload, "filename", ""):
        upload.stream.seek(0, 2)
        size = upload.stream.tell()
        upload.stream.seek(0)
        new.append(
            EvidenceInput(
                kind="file", file_name=upload.filename, file_stream=upload.stream, file_size=size
            )
        )
    return new


def read_item_form(form: ItemForm, item):
    """(points, evidence, explanation, version, problems) of the posted card; the problems
    under items.<number>.<field>, as the service names its own."""
    key = f"items.{item.criterion.number}"
    errors: dict[str, Problem] = {}
    if not form.validate_on_submit():
        for name, messages in form.errors.items():
            target = "form" if name == "csrf_token" else f"{key}.{name}"
            errors[target] = Problem("invalid", str(messages[0]))
    points = _points(form, item, errors, key)
    removed = set(request.form.getlist("remove"))
    kept = [EvidenceInput(keep_id=p.id) for p in item.evidence if str(p.id) not in removed]
    evidence = kept + _new_evidence(form, errors, key)
    try:
        version = int(form.version.data)
    except (TypeError, ValueError):
        version = None
    return points, evidence, form.explanation.data or "", version, errors
