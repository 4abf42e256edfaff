"""The admin's reminder page: the policy, the days added to the calendar, the holidays known."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from tracker.core.errors import on_failure
from tracker.core.forms import show_service_errors
from tracker.core.permissions import requires
from tracker.core.timeutil import local_today
from tracker.reminders.forms import CALENDAR_KIND_LABELS, CalendarDayForm, PolicyForm, RemoveForm
from tracker.reminders.policy import (
    add_calendar_day,
    calendar_days,
    format_offsets,
    get_policy,
    remove_calendar_day,
    update_policy,
)
from tracker.reminders.workcalendar import public_holidays, swapped_working_days

bp = Blueprint("reminders", __name__, url_prefix="/admin/reminders")


def policy_form_for(policy) -> PolicyForm:
    """The form holding the saved values (not what another form on the page posted)."""
    return PolicyForm(
        formdata=None,
        offsets_before=format_offsets(policy.offsets_before or []),
        overdue_every_days=policy.overdue_every_days,
        escalate_after_days=policy.escalate_after_days,
        use_working_days=policy.use_working_days,
        notify_members=policy.notify_members,
        notify_office_on_escalation=policy.notify_office_on_escalation,
        send_invites=policy.send_invites,
    )


def known_days(years: list[int]) -> list[dict]:
    """Per year, the package's public holidays and swapped working days, in date order."""
    locale = str(get_locale() or "vi")
    result = []
    for year in years:
        rows = [(day, name, "day_off") for day, name in public_holidays(year, locale)]
        rows += [
            (day, _("Swapped working day"), "working_day") for day in swapped_working_days(year)
        ]
        result.append({"year": year, "days": sorted(rows)})
    return result


def render_page(policy_form=None, day_form=None, status: int = 200):
    policy = get_policy()
    today = local_today()
    days = calendar_days()
    return render_template(
        "reminders/policy.html",
        policy=policy,
        policy_form=policy_form or policy_form_for(policy),
        day_form=day_form or CalendarDayForm(formdata=None),
        remove_form=RemoveForm(formdata=None),
        calendar_days=days,
        added={row.day: row for row in days},
        known=known_days([today.year, today.year + 1]),
        kind_labels=CALENDAR_KIND_LABELS,
        weekday=lambda day: format_date(day, "EEEE"),
    ), status


@bp.route("/policy", methods=["GET", "POST"])
@requires("manage_users")
def policy_page():
    form = PolicyForm()
    if not form.is_submitted():
        return render_page()
    if form.validate():
        on_failure(lambda error: _page_with_errors(error, policy_form=form))
        update_policy(
            current_user,
            offsets_before=form.offsets_before.offsets,
            overdue_every_days=form.overdue_every_days.data,
            escalate_after_days=form.escalate_after_days.data,
            use_working_days=form.use_working_days.data,
            notify_members=form.notify_members.data,
            notify_office_on_escalation=form.notify_office_on_escalation.data,
            send_invites=form.send_invites.data,
        )
        flash(_("Reminder settings saved."), "info")
        return redirect(url_for("reminders.policy_page"))
    return render_page(policy_form=form, status=422)


def _page_with_errors(error, policy_form=None, day_form=None):
    form = policy_form or day_form
    for message in show_service_errors(form, error):
        flash(message, "error")
    return render_page(policy_form=policy_form, day_form=day_form, status=error.status)


@bp.route("/calendar", methods=["POST"])
@requires("manage_users")
def add_day():
    form = CalendarDayForm()
    if form.validate():
        on_failure(lambda error: _page_with_errors(error, day_form=form))
        row = add_calendar_day(current_user, form.day.date, form.kind.data, form.note.data or "")
        flash(
            _(
                "%(day)s added: %(kind)s.",
                day=row.day.strftime("%d/%m/%Y"),
                kind=CALENDAR_KIND_LABELS[row.kind],
            ),
            "info",
        )
        return redirect(url_for("reminders.policy_page") + "#calendar")
    return render_page(day_form=form, status=422)


@bp.route("/calendar/<id:day_id>/delete", methods=["POST"])
@requires("manage_users")
def remove_day(day_id: int):
    form = RemoveForm()
    if form.validate():
        if remove_calendar_day(current_user, day_id):
            flash(_("Day removed from the calendar."), "info")
        else:
            flash(_("This day is no longer in the calendar."), "error")
    return redirect(url_for("reminders.policy_page") + "#calendar")
