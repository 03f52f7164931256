"""Forms of the records each line adds, generated from the models (labels and choices
agree with them); and the small forms of their actions."""

from django import forms
from django.db import models
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from cwis.care.choices import AssistanceState, EnrolmentState, SchoolStage
from cwis.care.forms import VersionedForm
from cwis.core.forms import DATE, BaseForm, date_field, with_blank


def model_form(model: type[models.Model], fields: tuple[str, ...], data=None, *,
               initial=None, versioned: bool = False, optional: tuple[str, ...] = ()
               ) -> BaseForm:
    """A form of `fields` of `model`; `optional` fields are left to the service to require
    (so that its refusal shows beside them with the others)."""
    form = (VersionedForm if versioned else BaseForm)(data, initial=initial)
    dates = {f.name: DATE for f in model._meta.concrete_fields
             if isinstance(f, models.DateField) and f.name in fields}
    form.fields.update(fields_for_model(model, fields=fields, widgets=dates))
    for name in optional:
        form.fields[name].required = False
    form.style()
    return form


class EnrolmentAnswerForm(VersionedForm):
    state = forms.ChoiceField(label=_("Answer"), choices=with_blank(
        [(EnrolmentState.ENROLLED, EnrolmentState.ENROLLED.label),
         (EnrolmentState.REFUSED, EnrolmentState.REFUSED.label)]))
    answered_on = date_field(_("Answered on"))
    enrolled_on = date_field(_("Enrolled on"), required=False)
    insurance_number = forms.CharField(label=_("Insurance number"), max_length=50,
                                       required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class DecisionForm(VersionedForm):
    state = forms.ChoiceField(label=_("Decision"), choices=with_blank(
        [(AssistanceState.APPROVED, AssistanceState.APPROVED.label),
         (AssistanceState.REFUSED, AssistanceState.REFUSED.label)]))
    decided_on = date_field(_("Decided on"), required=False)
    period_from = date_field(_("Assistance from"), required=False)
    period_to = date_field(_("Assistance until"), required=False)
    amount = forms.DecimalField(label=_("Amount"), required=False, max_digits=12,
                                decimal_places=2)
    decision_note = forms.CharField(label=_("Note"), max_length=500, required=False)


class SchoolReportForm(BaseForm):
    year = forms.IntegerField(label=_("School year starting in"), min_value=2000,
                              max_value=2100)
    department = forms.CharField(label=_("Education department"), max_length=200)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)


class ReportAddForm(VersionedForm):
    child_id = forms.TypedChoiceField(label=_("Child"), coerce=int)
    stage = forms.ChoiceField(label=_("Stage"), choices=with_blank(SchoolStage.choices))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child_id"].choices = with_blank(
            [(c.pk, f"{c.name} {c.birth_date:%Y-%m-%d}") for c in children])


class ReportRemoveForm(VersionedForm):
    child_id = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Why can the child not attend ordinary school?"),
                             max_length=100)


class ReportedForm(VersionedForm):
    reported_on = date_field(_("Reported on"))


class AgreeForm(BaseForm):
    provider_id = forms.TypedChoiceField(label=_("Delivering institution"), coerce=int)
    line = forms.ChoiceField(label=_("Service line"))
    purpose = forms.CharField(label=_("Service to deliver"), widget=forms.Textarea)
    agreed_on = date_field(_("Agreed on"))
    agreement_reference = forms.CharField(label=_("Agreement reference"), max_length=200,
                                          required=False,
                                          help_text=_("The letter or decision that agrees."))

    def __init__(self, *args, providers=(), lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider_id"].choices = with_blank([(p.pk, p.name) for p in providers])
        self.fields["line"].choices = with_blank(lines)


class NoteForm(VersionedForm):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
