"""The base of every page form: Bootstrap classes, the invalid mark, common field shapes.

Forms only parse input; services validate it (their refusals reach the fields through
`cwis.core.web.run_service`). Render a form with `{% include "form_fields.html" %}`.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from cwis.core.input import TextValidator
from cwis.core.validators import validate_plausible_date

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
CHOOSE = _("— choose —")


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
    refuse control characters (a multi-line one keeps newlines and tabs)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                multiline = isinstance(field.widget, forms.Textarea)
                field.validators.append(TextValidator(multiline=multiline))
            elif isinstance(field, forms.DateField) and not isinstance(field, forms.DateTimeField):
                field.validators.append(validate_plausible_date)
        self.style()

    def full_clean(self) -> None:
        super().full_clean()
        self.style()

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        self.style()

    def style(self) -> None:
        errors = self._errors or {}  # not self.errors: that would validate now
        for name, field in self.fields.items():
            widget = field.widget
            css = _css(widget)
            if css is None:
                continue
            if name in errors:
                css += " is-invalid"
            widget.attrs["class"] = css
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 3)


def date_field(label, *, required: bool = True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DATE, **kwargs)


def version_field() -> forms.IntegerField:
    """The version the client read, sent back with an edit (DESIGN.md rule 4)."""
    return forms.IntegerField(widget=forms.HiddenInput, required=False)


def with_blank(choices) -> list:
    """Choices with a first, empty "— choose —" entry."""
    return [("", CHOOSE), *choices]


def id_select(label, *, required: bool = False) -> forms.IntegerField:
    """A select of records whose id the service checks (so its message is the one shown)."""
    return forms.IntegerField(label=label, required=required, widget=forms.Select)
