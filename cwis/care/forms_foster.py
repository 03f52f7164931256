"""Forms of the foster care and family-style couple pages. They only parse; the services
validate (their refusals reach the fields through cwis.core.web.run_service)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cwis.care.choices_family import CarerEducation, Evaluation, FosterEndReason
from cwis.core.forms import BaseForm, date_field, id_select, phone_input, version_field, with_blank

TEXTAREA = forms.Textarea


class OneRoundForm(BaseForm):
    """The service refuses what is missing with everything else, in one round (ADR 0011)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.leave_required_to_service()


class FamilyForm(OneRoundForm):
    version = version_field()
    household = forms.CharField(label=_("Household"), max_length=100)
    address = forms.CharField(label=_("Home address"), max_length=300)
    phone = forms.CharField(label=_("Telephone"), max_length=30, required=False)
    carer_name = forms.CharField(label=_("Main carer"), max_length=100)
    carer_birth_date = date_field(_("Main carer's date of birth"))
    carer_education = forms.ChoiceField(label=_("Main carer's schooling"),
                                        choices=with_blank(CarerEducation.choices))
    second_carer_name = forms.CharField(label=_("Second carer"), max_length=100,
                                        required=False)
    members = forms.IntegerField(label=_("Members of the household"), min_value=1,
                                 max_value=30)
    local_hukou_fixed_home = forms.BooleanField(label=_("Local hukou and a fixed home"),
                                                required=False)
    income_at_least_middle = forms.BooleanField(
        label=_("Income at least the local middle level"), required=False)
    no_disqualifying_illness = forms.BooleanField(
        label=_("No illness that rules out caring for a child"), required=False)
    no_disqualifying_record = forms.BooleanField(
        label=_("No criminal record or conduct that rules out fostering"), required=False)
    youngest_own_child_born = date_field(
        _("Youngest own child born on"), required=False,
        help_text=_("Leave empty when the family has no child of its own under 18."))
    capacity = forms.IntegerField(label=_("Foster children it may take"), min_value=1,
                                  max_value=2, initial=1)
    agreement_number = forms.CharField(label=_("Foster care agreement no."), max_length=50,
                                       required=False)
    agreement_from = date_field(_("Agreement from"), required=False)
    agreement_to = date_field(_("Agreement until"), required=False)
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=100)

    FIELDS = ("household", "address", "phone", "carer_name", "carer_birth_date",
              "carer_education", "second_carer_name", "members", "local_hukou_fixed_home",
              "income_at_least_middle", "no_disqualifying_illness", "no_disqualifying_record",
              "youngest_own_child_born", "capacity", "agreement_number", "agreement_from",
              "agreement_to")

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        phone_input(self.fields["phone"])
        if not editing:
            del self.fields["reason"]

    def data_for_service(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.FIELDS}


class VersionOnForm(BaseForm):
    """A dated act on a versioned record (checking a family's conditions)."""

    version = version_field()
    on = date_field(_("Date"))


class EndForm(VersionOnForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class QualifyForm(VersionOnForm):
    note = forms.CharField(label=_("How the couple qualifies"), max_length=500,
                           widget=TEXTAREA)


class TrainingForm(OneRoundForm):
    held_on = date_field(_("Date"))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_digits=5, decimal_places=1)
    provider = forms.CharField(label=_("Given by"), max_length=200, required=False)

    def data_for_service(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("held_on", "topic", "hours", "provider")}


class EvaluationForm(OneRoundForm):
    evaluated_on = date_field(_("Evaluated on"))
    result = forms.ChoiceField(label=_("Evaluation"), choices=with_blank(Evaluation.choices))
    findings = forms.CharField(label=_("Findings"), widget=TEXTAREA)

    def data_for_service(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("evaluated_on", "result", "findings")}


class PlaceForm(BaseForm):
    family_id = id_select(_("Foster family"), required=True)
    on = date_field(_("From"))
    reason = forms.CharField(label=_("Why the child goes to this family"), max_length=300)

    def __init__(self, *args, families=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["family_id"].widget.choices = with_blank(
            [(f.pk, f"{f.household} · {f.carer_name}") for f in families])


class VisitForm(OneRoundForm):
    visited_on = date_field(_("Visited on"))
    findings = forms.CharField(label=_("What the visit found"), widget=TEXTAREA)
    concerns = forms.BooleanField(label=_("Concerns to follow up"), required=False)

    def data_for_service(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("visited_on", "findings", "concerns")}


class PlacementEvaluationForm(OneRoundForm):
    version = version_field()
    evaluated_on = date_field(_("Evaluated on"))
    evaluation = forms.ChoiceField(label=_("Evaluation"),
                                   choices=with_blank(Evaluation.choices))
    evaluation_note = forms.CharField(label=_("What the evaluation found"), widget=TEXTAREA)

    def data_for_service(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("evaluated_on", "evaluation",
                                                  "evaluation_note")}


class PlacementEndForm(BaseForm):
    version = version_field()
    on = date_field(_("Ended on"))
    reason = forms.ChoiceField(label=_("Why the placement ends"), choices=with_blank(
        [(k, v) for k, v in FosterEndReason.choices if k != FosterEndReason.LEFT_CARE]))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class CoupleForm(OneRoundForm):
    father_name = forms.CharField(label=_("Carer (father)"), max_length=100)
    mother_name = forms.CharField(label=_("Carer (mother)"), max_length=100)
    started_on = date_field(_("Living in the residence from"))

    def data_for_service(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("father_name", "mother_name", "started_on")}
