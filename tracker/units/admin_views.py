"""The office's unit forms: a new unit, a unit's changes (a rename with its day and decision,
its kind, division type, district and other spellings), and dissolving it (its open work to a
successor). Thin: each reads the form, calls units.admin and shows a refusal next to its
field, with what was typed kept."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.errors import on_failure
from tracker.core.forms import form_again
from tracker.core.permissions import requires
from tracker.core.timeutil import local_today
from tracker.units import admin, queries
from tracker.units.districts import district_on
from tracker.units.forms import DissolveForm, EditUnitForm, NewUnitForm, unit_choices
from tracker.units.models import Unit
from tracker.units.views import bp, unit_or_404


def _districts() -> dict:
    """Every district-level unit, the abolished ones too: a commune's district is its own
    until 2025."""
    every = queries.units_on(None, include_closed=True)
    return unit_choices([u for u in every if u.kind == "district"])


def _pickers(unit: Unit | None = None) -> dict:
    today_units = queries.units_on(local_today())
    return {
        "district_options": _districts(),
        "successor_options": unit_choices([u for u in today_units if u != unit]),
    }


def _typed(form) -> dict:
    return {
        "name": form.name.data or "",
        "short_name": form.short_name.data or "",
        "kind": form.kind.data or "",
        "division_type": form.division_type.data or None,
        "district": form.district.data or None,
        "aliases": form.aliases.data or "",
    }


@bp.route("/new", methods=["GET", "POST"])
@requires("manage_units")
def new():
    form = NewUnitForm(data={"kind": "department"})
    context = _pickers()
    if form.validate_on_submit():
        on_failure(form_again(form, "units/new.html", **context))
        unit = admin.create_unit(
            current_user, code=form.code.data or "", valid_from=form.valid_from.date, **_typed(form)
        )
        flash(_("The unit %(name)s is created.", name=unit.name), "info")
        return redirect(url_for("units.detail", code=unit.code))
    status = 422 if form.errors else 200
    return render_template("units/new.html", form=form, **context), status


def _unit_data(unit: Unit) -> dict:
    return {
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "division_type": unit.division_type or "",
        "district": district.code if (district := district_on(unit)) else "",
        "aliases": "\n".join(unit.aliases or []),
    }


@bp.route("/<code>/edit", methods=["GET", "POST"])
@requires("manage_units")
def edit(code: str):
    unit = unit_or_404(code)
    form = EditUnitForm(data=_unit_data(unit))
    context = {"unit": unit, **_pickers(unit)}
    if form.validate_on_submit():
        on_failure(form_again(form, "units/edit.html", **context))
        changes = admin.update_unit(
            current_user,
            unit,
            effective_date=form.effective_date.date,
            decision=form.decision.data or "",
            **_typed(form),
        )
        flash(_("Changes saved.") if changes else _("Nothing was changed."), "info")
        return redirect(url_for("units.detail", code=unit.code))
    status = 422 if form.errors else 200
    return render_template("units/edit.html", form=form, **context), status


@bp.route("/<code>/dissolve", methods=["GET", "POST"])
@requires("manage_units")
def dissolve(code: str):
    unit = unit_or_404(code)
    form = DissolveForm()
    context = {"unit": unit, **_pickers(unit)}
    if form.validate_on_submit():
        on_failure(form_again(form, "units/dissolve.html", **context))
        moved = admin.dissolve_unit(
            current_user,
            unit,
            effective_date=form.effective_date.date,
            successor=form.successor.data or None,
            decision=form.decision.data or "",
        )
        if unit.successor is not None:
            flash(
                _(
                    "%(unit)s is dissolved; %(n)s open assignments moved to %(successor)s.",
                    unit=unit.name,
                    n=len(moved),
                    successor=unit.successor.name,
                ),
                "info",
            )
        else:
            flash(_("%(unit)s is dissolved.", unit=unit.name), "info")
        return redirect(url_for("units.detail", code=unit.code))
    status = 422 if form.errors else 200
    return render_template("units/dissolve.html", form=form, **context), status
