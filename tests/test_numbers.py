"""Numbers read as the language writes them (Babel): "1.980" and "95,9 %" in Vietnamese,
"1,980" and "95.9%" in English; the same through the templates' filters."""

from __future__ import annotations

from flask import render_template_string
from flask_babel import force_locale

from tracker.core.numbers import format_number, format_percent


def test_vietnamese_groups_thousands_with_a_dot_and_writes_a_decimal_comma():
    assert format_number(1980, "vi") == "1.980"
    assert format_number(95.5, "vi") == "95,5"
    assert format_percent(0.959, "vi") == "95,9 %"
    assert format_percent(1, "vi") == "100 %"
    assert format_percent(0, "vi") == "0 %"


def test_english_groups_with_a_comma():
    assert format_number(1980, "en") == "1,980"
    assert format_percent(0.959, "en") == "95.9%"


def test_nothing_to_show_is_a_dash():
    assert format_number(None, "vi") == format_percent(None, "en") == "—"


def test_the_template_filters_follow_the_readers_language(app):
    template = "{{ 1980|number }} · {{ 0.959|percent }} · {{ none|percent }}"
    with app.test_request_context("/"):
        assert render_template_string(template) == "1.980 · 95,9 % · —"
        with force_locale("en"):
            assert render_template_string(template) == "1,980 · 95.9% · —"
