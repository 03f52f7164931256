"""The base of every page form: Bootstrap classes, the invalid mark, common field shapes.

Forms only parse input; services validate it (their refusals reach the fields through
`cwis.core.web.run_service`). Render a form with `{% include "form_fields.html" %}`.

One date widget for the whole site (`DateWidget`): every date field of a `BaseForm` gets it,
and it always writes its value as ISO `YYYY-MM-DD`, the only form `<input type=date>` keeps
(a value it cannot read, such as `2026/12/10`, is dropped and the field comes back empty).
Dates are read in the unambiguous forms `DATE_INPUT_FORMATS`, whatever the language.
"""

import datetime as dt
import json

from django import forms
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cwis.core.divisions import division_name, scope_prefix_of
from cwis.core.input import TextValidator
from cwis.core.selectors import place_root, places_in_scope
from cwis.core.validators import validate_plausible_date

CHOOSE = _("— choose —")
# Year first in every form: 2026-12-10, 2026/12/10, 2026.12.10, 2026年12月10日, 20261210.
DATE_INPUT_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")


def parse_date(text: str) -> dt.date | None:
    """A date typed in any of `DATE_INPUT_FORMATS`, or None."""
    text = (text or "").strip()
    for fmt in DATE_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


class DateWidget(forms.DateInput):
    """`<input type=date>` whose value is always ISO, also when a refused form shows again
    what was typed in another form (a browser without a date picker)."""

    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")

    def format_value(self, value):
        if isinstance(value, str):
            parsed = parse_date(value)
            return parsed.isoformat() if parsed else value
        return super().format_value(value)


DATE = DateWidget()


def _css(widget: forms.Widget) -> str | None:
    if isinstance(widget, forms.HiddenInput):
        return None
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple
                  | forms.RadioSelect):
        return "form-check-input"
    if isinstance(widget, forms.Select):
        return "form-select"
    return "form-control"


class BaseForm(forms.Form):
    """Bootstrap classes on every widget, `is-invalid` on fields with errors; text fields
    refuse control characters (a multi-line one keeps newlines and tabs).

    `service_labels` names the fields a service may refuse that the form does not show, so
    that the refusal at the top of the form says which field it is about.
    """

    service_labels: dict = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def full_clean(self) -> None:
        super().full_clean()
        self.style()

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        self.style()

    def leave_required_to_service(self) -> None:
        """Let the service refuse what is missing, together with everything else it refuses,
        so that the form reports every refusal in one round: the visible fields become
        optional here and keep their "required" mark on the page (`field.html`)."""
        for field in self.fields.values():
            if field.required and not field.widget.is_hidden:
                field.required = False
                field.marked_required = True

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(label, element id, message) of every field refused, in the form's order: the
        top of a long form names each field and links to it."""
        errors = self._errors or {}
        summary = []
        for name, field in self.fields.items():
            if not field.label:  # a hidden field: its refusal shows as it is, at the top
                continue
            bound = self[name]
            element = f"error-{name}" if bound.is_hidden else (bound.id_for_label or "")
            summary.extend((str(field.label), element, message)
                           for message in errors.get(name, []))
        return summary

    def style(self) -> None:
        """Call again after adding fields: it prepares the new ones too."""
        errors = self._errors or {}  # not self.errors: that would validate now
        for name, field in self.fields.items():
            _prepare(field)
            if isinstance(field, forms.FileField):
                # A browser never fills a file input again: a refused form says so.
                chosen = self.files.get(name) if errors else None
                field.chosen_again = getattr(chosen, "name", "") or ""
            widget = field.widget
            css = _css(widget)
            if css is None:
                continue
            if name in errors:
                css += " is-invalid"
            widget.attrs["class"] = css
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 3)


def _prepare(field: forms.Field) -> None:
    """Once per field: text refuses control characters (a multi-line one keeps newlines and
    tabs); a date gets the site's date widget, its input formats and the plausible range."""
    if getattr(field, "_cwis_prepared", False):
        return
    field._cwis_prepared = True
    if isinstance(field, forms.CharField):
        multiline = isinstance(field.widget, forms.Textarea)
        field.validators.append(TextValidator(multiline=multiline))
    elif isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
        if not isinstance(field.widget, DateWidget):
            attrs = {k: v for k, v in field.widget.attrs.items() if k != "type"}
            field.widget = DateWidget(attrs=attrs)
        field.input_formats = DATE_INPUT_FORMATS
        field.validators.append(validate_plausible_date)


def date_field(label, *, required: bool = True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE,
                           input_formats=DATE_INPUT_FORMATS, **kwargs)


def id_number_input(field: forms.Field) -> None:
    """A citizen ID number: the phone's number pad (static/cwis/id-number.js adds the X a
    number pad lacks), no autocorrection, at most 18 characters."""
    field.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off",
                               "autocorrect": "off", "spellcheck": "false",
                               "autocapitalize": "characters", "maxlength": "18",
                               "data-id-number": "",
                               "data-x-label": _("Type X, the last character of some ID "
                                                 "numbers")})


def phone_input(field: forms.Field) -> None:
    """A telephone number: `type=tel`, the phone's dial pad."""
    field.widget.input_type = "tel"
    field.widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})


def version_field() -> forms.IntegerField:
    """The version the client read, sent back with an edit (DESIGN.md rule 4)."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


def with_blank(choices) -> list:
    """Choices with a first, empty "— choose —" entry."""
    return [("", CHOOSE), *choices]


def id_select(label, *, required: bool = False) -> forms.IntegerField:
    """A select of records whose id the service checks (so its message is the one shown)."""
    return forms.IntegerField(label=label, required=required, widget=forms.Select)


# --- places ------------------------------------------------------------------------------

MAX_PLACE_OPTIONS = 2000  # more, and the picker without its script is a code input
LEVEL_LABELS = {
    "province": pgettext_lazy("place level", "Province"),
    "prefecture": pgettext_lazy("place level", "Prefecture"),
    "county": pgettext_lazy("place level", "County"),
    "township": pgettext_lazy("place level", "Township"),
    "village": pgettext_lazy("place level", "Village"),
}
_DEPTH = {"province": 0, "prefecture": 1, "county": 2, "township": 3, "village": 4}


def place_field(actor, *, label, levels: tuple[str, ...], required: bool = True,
                blank=None, help_text=None, current: str = "",
                area: bool = False) -> forms.CharField:
    """A division picked by name inside the actor's jurisdiction: cascading selects, one per
    level, filled from /divisions/places/ (static/cwis/places.js); without the script, a
    select of the places of `levels` in the jurisdiction (a code input past
    MAX_PLACE_OPTIONS). The value is the chosen division's code; `blank` labels the empty
    choice (a filter's "everywhere"); `current`, the code the form starts with, is listed
    even when it is not among them. With `area` (a filter) the value is the place's scope
    prefix (3601 for 360100: the prefecture and what lies under it)."""
    attrs = {
        "data-place-picker": "", "data-url": reverse("division_places"),
        "data-root": place_root(actor=actor) or "", "data-levels": " ".join(levels),
        "data-labels": json.dumps({k: str(v) for k, v in LEVEL_LABELS.items()},
                                  ensure_ascii=False),
        "data-blank": str(blank or CHOOSE),
        **({"data-area": ""} if area else {}),
    }
    places = places_in_scope(actor=actor, levels=levels, limit=MAX_PLACE_OPTIONS)
    if places is None:
        widget = forms.TextInput(attrs={**attrs, "inputmode": "numeric", "maxlength": "12",
                                        "placeholder": _("Division code")})
    else:
        top = min((_DEPTH[d.level] for d in places), default=0)
        value = scope_prefix_of if area else str
        choices = [("", blank or CHOOSE)] + [
            (value(d.code), "\u3000" * (_DEPTH[d.level] - top) + d.name) for d in places]
        if current and current not in {code for code, _label in choices}:
            choices.append((current, division_name(current)))
        widget = forms.Select(attrs=attrs, choices=choices)
    return forms.CharField(label=label, required=required, max_length=12, widget=widget,
                           help_text=help_text,
                           validators=[RegexValidator(r"^\d{1,12}$")])


class AreaFilterForm(BaseForm):
    """A list's area filter on its own (for lists whose other filters are not a form)."""

    levels = ("province", "prefecture", "county")

    def __init__(self, *args, actor, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["division"] = place_field(
            actor, label=_("Area"), levels=self.levels, required=False, blank=_("Everywhere"),
            current=self.data.get("division", ""), area=True)
        self.style()


MSG_RECORD_TYPE_NEEDED = _("Choose the record type of this number.")


class AccessLogFilterForm(BaseForm):
    """The access log's filters (cwis.core.selectors.access_log_list), kept in the URL."""

    user = forms.CharField(label=_("User"), required=False, max_length=150,
                           help_text=_("Account name, or part of the full name"))
    object_type = forms.ChoiceField(label=_("Record type"), required=False)
    object_id = forms.CharField(label=_("Record number"), required=False, max_length=64,
                                widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = date_field(_("From"), required=False)
    date_to = date_field(_("To"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        from cwis.core.audit_records import action_choices, record_kind_choices

        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("Any record")), *record_kind_choices()]
        self.fields["action"].choices = [("", _("Any action")), *action_choices()]
        self.style()

    def clean(self) -> dict:
        data = super().clean()
        if data.get("object_id") and not data.get("object_type"):
            self.add_error("object_type", MSG_RECORD_TYPE_NEEDED)
        return data

    def filters(self) -> dict:
        """The filters that are set, when all are valid (the page shows what is wrong)."""
        if not (self.is_bound and self.is_valid()):
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
