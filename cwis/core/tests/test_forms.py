"""The site's one date widget and the refusals at the top of a form."""

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from cwis.core.forms import DATE_INPUT_FORMATS, BaseForm, DateWidget, date_field, parse_date
from cwis.core.web import form_add_service_errors


class _Form(BaseForm):
    on = date_field("On")
    plain = forms.DateField(label="Plain", required=False)  # not declared with date_field
    name = forms.CharField(label="Name", required=False)
    service_labels = {"reason": "The reason"}


@pytest.mark.parametrize("typed", ["2026-12-10", "2026/12/10", "2026.12.10", "2026年12月10日",
                                   "20261210"])
def test_a_date_typed_in_any_year_first_form_is_read(typed):
    for language in ("zh-hans", "en"):
        with translation.override(language):
            form = _Form({"on": typed})
            assert form.is_valid(), form.errors
            assert form.cleaned_data["on"] == dt.date(2026, 12, 10)


def test_a_refused_form_shows_the_typed_date_as_iso_which_a_date_input_keeps():
    form = _Form({"on": "2026/12/10", "name": "bad\x00"})
    assert not form.is_valid()
    assert 'value="2026-12-10"' in str(form["on"])


def test_every_date_field_of_a_form_gets_the_one_date_widget():
    form = _Form(initial={"plain": dt.date(2026, 12, 10)})
    assert isinstance(form.fields["plain"].widget, DateWidget)
    assert form.fields["plain"].input_formats == DATE_INPUT_FORMATS
    with translation.override("zh-hans"):
        html = str(form["plain"])
    assert 'type="date"' in html
    assert 'value="2026-12-10"' in html


def test_an_unreadable_date_is_refused_beside_its_field():
    form = _Form({"on": "12/10/2026"})
    assert not form.is_valid()
    assert "on" in form.errors
    assert parse_date("31/12/2026") is None


def test_a_refusal_of_a_field_the_form_does_not_show_names_it():
    form = _Form({"on": "2026-12-10"})
    assert form.is_valid()
    form_add_service_errors(form, ValidationError({"reason": ["Give the reason."],
                                                   "name": ["Too short."]}))
    assert form.non_field_errors() == ["The reason: Give the reason."]
    assert form.errors["name"] == ["Too short."]


def test_the_top_of_a_refused_form_names_every_field():
    form = _Form({"on": "", "name": "x"})
    assert not form.is_valid()
    form.add_error("name", "Too short.")
    summary = form.error_summary()
    assert [(label, element) for label, element, _m in summary] == [
        ("On", "id_on"), ("Name", "id_name")]
