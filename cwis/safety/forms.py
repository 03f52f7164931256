"""Forms of the safety pages. They only parse input; the services validate (every refusal at
once, beside its field)."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cwis.core.forms import BaseForm, date_field, version_field, with_blank
from cwis.safety.models import (
    CertificateKind,
    DrillScenario,
    EngagementForm,
    HazardLevel,
    HazardState,
    IncidentKind,
    InspectionFrequency,
    InspectionKind,
    Meal,
    OrganisationKind,
    PlanKind,
    SafetyArea,
)
from cwis.safety.selectors.hazards import LIVE, OVERDUE


def _text(label, *, required: bool = True, long: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required,
                           widget=forms.Textarea if long else forms.TextInput)


class ServiceForm(BaseForm):
    """A form whose cleaned data (less the version) is what the service takes."""

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items()
                if k not in ("version", "institution_id")}


def institution_choice(institutions) -> forms.TypedChoiceField:
    """An office chooses the institution the record is about; staff record their own."""
    return forms.TypedChoiceField(label=_("Institution"), coerce=int, empty_value=None,
                                  choices=with_blank([(i.pk, i.name) for i in institutions]))


class InstitutionForm(ServiceForm):
    """A record of one institution: the office picks it (`institutions`), staff do not."""

    def __init__(self, *args, institutions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if institutions is not None:
            self.fields = {"institution_id": institution_choice(institutions), **self.fields}
        self.leave_required_to_service()
        self.style()


def _count(label) -> forms.IntegerField:
    return forms.IntegerField(label=label, required=False, min_value=0,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))


class PlanForm(InstitutionForm):
    file = forms.FileField(label=_("Plan file (PDF, JPEG or PNG)"), required=False)
    kind = forms.ChoiceField(label=_("Kind of plan"), choices=with_blank(PlanKind.choices))
    title = _text(pgettext_lazy("plan", "Title"))
    approved_on = date_field(_("Approved on"))
    review_on = date_field(_("To be reviewed by"))
    document = _text(_("Where the document is kept"), required=False)
    summary = _text(_("Summary of the plan"), required=False, long=True)

    field_order = ("institution_id", "kind", "title", "approved_on", "review_on", "file",
                   "document", "summary")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(self.field_order)
        self.fields["document"].help_text = _(
            "Upload the file, or say where the signed paper copy is kept (or both).")

    def data_for_service(self) -> dict:
        return {k: v for k, v in super().data_for_service().items() if k != "file"}


class DrillForm(InstitutionForm):
    held_on = date_field(_("Drill date"))
    scenario = forms.ChoiceField(label=_("Scenario"), choices=with_blank(DrillScenario.choices))
    with_fire_service = forms.BooleanField(label=_("With the fire service"), required=False)
    participants = _text(_("Participants"))
    participant_count = _count(_("Number of participants"))
    duration_minutes = _count(_("Duration (minutes)"))
    description = _text(_("How the drill went"), required=False, long=True)
    problems = _text(_("Problems found"), required=False, long=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["problems"].help_text = _(
            "Each problem that is a hazard is recorded on the drill's page next, with its "
            "level, the person responsible and the deadline.")


class CertificateForm(InstitutionForm):
    kind = forms.ChoiceField(label=_("Kind of certificate"),
                             choices=with_blank(CertificateKind.choices))
    holder = _text(_("Holder"))
    number = _text(_("Certificate number"))
    issued_on = date_field(_("Issued on"))
    expires_on = date_field(_("Expires on"))


class SampleForm(InstitutionForm):
    served_on = date_field(_("Served on"))
    meal = forms.ChoiceField(label=_("Meal"), choices=with_blank(Meal.choices))
    dishes = _text(_("Dishes sampled"), long=True)
    grams_per_dish = _count(_("Grams kept per dish"))
    kept_hours = _count(_("Hours kept"))
    sampled_by = _text(_("Sampled by"))


class InspectionForm(ServiceForm):
    kind = forms.ChoiceField(label=_("Kind of inspection"),
                             choices=with_blank(InspectionKind.choices))
    frequency = forms.ChoiceField(label=_("Frequency"),
                                  choices=with_blank(InspectionFrequency.choices))
    areas = forms.MultipleChoiceField(label=_("Areas inspected"), choices=SafetyArea.choices,
                                      widget=forms.CheckboxSelectMultiple)
    inspected_on = date_field(_("Inspected on"))
    inspectors = _text(_("Inspected by"))
    findings = _text(_("Findings"), required=False, long=True)

    def __init__(self, *args, institutions=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if institutions is not None:  # an office chooses the institution it inspected
            self.fields = {"institution_id": institution_choice(institutions), **self.fields}
            self.fields["kind"].choices = with_blank(
                [c for c in InspectionKind.choices if c[0] != InspectionKind.SELF_CHECK])
        else:
            self.fields["kind"].choices = [
                c for c in InspectionKind.choices if c[0] == InspectionKind.SELF_CHECK]
        self.fields["inspectors"].help_text = _("Names, and their unit when not the "
                                                "institution.")
        self.leave_required_to_service()
        self.style()


class HazardForm(ServiceForm):
    area = forms.ChoiceField(label=pgettext_lazy("safety", "Area"),
                             choices=with_blank(SafetyArea.choices))
    level = forms.ChoiceField(label=_("Level"), choices=with_blank(HazardLevel.choices))
    description = _text(_("Hazard found"), long=True)
    responsible = _text(_("Person responsible for the fix"))
    due_on = date_field(_("Fix due by"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due_on"].help_text = _(
            "Leave empty for the deadline the level allows; an earlier date may be given.")
        self.leave_required_to_service()
        self.style()


class FixForm(ServiceForm):
    fix_description = _text(_("Fix"), long=True)
    fixed_on = date_field(_("Fixed on"))
    version = version_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.leave_required_to_service()
        self.style()


class CheckForm(ServiceForm):
    accepted = forms.TypedChoiceField(
        label=_("Result of the check"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("The fix is done: close the hazard")),
                 ("no", _("The fix is not enough: the hazard stays open"))])
    note = _text(_("Note of the check"), required=False, long=True)
    version = version_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def data_for_service(self) -> dict:
        return {"accepted": self.cleaned_data["accepted"], "note": self.cleaned_data["note"]}


MSG_NOT_A_DATE = forms.DateField.default_error_messages["invalid"]  # Django's own, translated

HAZARD_STATE_FILTERS = [("", _("Not closed")), (OVERDUE, _("Overdue")),
                        *HazardState.choices, ("all", pgettext_lazy("hazards", "All"))]


class PeriodFilterForm(BaseForm):
    """The hidden filters of a list a dashboard or report figure leads to: the area (a code
    prefix) and the year."""

    division = forms.RegexField(regex=r"^\d{1,12}$", required=False, widget=forms.HiddenInput)
    year = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1900,
                              max_value=2999)

    def filters(self) -> dict:
        if not (self.is_bound and self.is_valid()):
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class IncidentFilterForm(PeriodFilterForm):
    """The incident list's filters a figure leads to: the area, the year, the kind, only the
    serious ones."""

    kind = forms.ChoiceField(required=False, widget=forms.HiddenInput,
                             choices=[("", ""), *IncidentKind.choices])
    serious = forms.BooleanField(required=False, widget=forms.HiddenInput)


class HazardFilterForm(BaseForm):
    state = forms.ChoiceField(label=_("State"), required=False, choices=HAZARD_STATE_FILTERS)
    level = forms.ChoiceField(label=_("Level"), required=False,
                              choices=[("", _("Any level")), *HazardLevel.choices])
    area = forms.ChoiceField(label=pgettext_lazy("safety", "Area"), required=False,
                             choices=[("", _("Any area")), *SafetyArea.choices])
    division = forms.CharField(required=False, widget=forms.HiddenInput, max_length=12)
    # The yearly report's drill-down (cwis/safety/report_figures.py).
    year = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1900,
                              max_value=2999)
    closed_year = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1900,
                                     max_value=2999)
    # Text, not a DateField: the site's date widget would make it a visible, unlabelled input.
    overdue_on = forms.RegexField(regex=r"^\d{4}-\d{2}-\d{2}$", required=False,
                                  widget=forms.HiddenInput)

    def clean_overdue_on(self) -> str:
        value = self.cleaned_data.get("overdue_on") or ""
        try:
            return dt.date.fromisoformat(value).isoformat() if value else ""
        except ValueError:
            raise forms.ValidationError(MSG_NOT_A_DATE) from None

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def filters(self) -> dict:
        if not (self.is_bound and self.is_valid()):
            return {"state": LIVE}
        found = {k: v for k, v in self.cleaned_data.items() if v}
        state = found.get("state", "")
        found["state"] = {"": LIVE, "all": ""}.get(state, state)
        return found


# -------------------------------------------------------------------------- incidents

MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def moment_field(label, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, input_formats=MOMENT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=MOMENT_FORMATS[0]))


class IncidentForm(InstitutionForm):
    kind = forms.ChoiceField(label=_("Kind of incident"),
                             choices=with_blank(IncidentKind.choices))
    serious = forms.BooleanField(label=_("Serious incident"), required=False)
    occurred_at = moment_field(_("Happened at"))
    what_happened = _text(_("What happened"), long=True)
    handling = _text(_("Handling so far"), required=False, long=True)

    def __init__(self, *args, children=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["serious"].help_text = _(
            "A missing child, an abuse allegation and a public-opinion incident are always "
            "serious: they reach the prefecture and province at once.")
        if children:
            self.fields["child_ids"] = forms.TypedMultipleChoiceField(
                label=_("Children involved"), required=False, coerce=int,
                widget=forms.CheckboxSelectMultiple,
                choices=[(c.pk, c.name) for c in children])
            self.style()

    def data_for_service(self) -> dict:
        return {k: v for k, v in super().data_for_service().items() if k != "child_ids"}


class ReportForm(ServiceForm):
    reported_at = moment_field(_("Reported at"))
    reported_to = _text(_("Reported to"))
    version = version_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reported_to"].help_text = _("The office and the person told.")
        self.leave_required_to_service()
        self.style()


class CloseIncidentForm(ServiceForm):
    handling = _text(_("Handling"), long=True)
    closing_note = _text(_("Note on closing"), required=False, long=True)
    version = version_field()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.leave_required_to_service()
        self.style()


class ReasonForm(BaseForm):
    reason = _text(_("Why you open this incident"), long=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "The access log keeps the reason with your name and the time.")
        self.style()


# ------------------------------------------------------- organisations and volunteers


class OrganisationForm(InstitutionForm):
    name = _text(pgettext_lazy("not a person", "Name"))
    uscc = _text(_("Unified social credit code"))
    kind = forms.ChoiceField(label=_("Kind of organisation"),
                             choices=with_blank(OrganisationKind.choices))
    services = _text(_("Services"), long=True)
    contact_person = _text(_("Contact person"), required=False)
    phone = _text(_("Telephone"), required=False)


class EngagementFormFields(ServiceForm):
    form = forms.ChoiceField(label=_("Form of engagement"),
                             choices=with_blank(EngagementForm.choices))
    starts_on = date_field(_("Starts on"))
    ends_on = date_field(_("Ends on"), required=False)
    amount = forms.DecimalField(label=_("Amount (yuan)"), required=False, min_value=0,
                                decimal_places=2)
    contract_reference = _text(_("Contract or agreement"), required=False)
    services = _text(_("Services engaged"), long=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.leave_required_to_service()
        self.style()


class VolunteerForm(ServiceForm):
    name = _text(pgettext_lazy("person", "name"))
    phone = _text(_("Telephone"), required=False)
    trained_on = date_field(_("Trained on"), required=False)
    training = _text(_("Training"), required=False)

    def __init__(self, *args, groups=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation_id"] = forms.TypedChoiceField(
            label=_("Volunteer group"), required=False, coerce=int, empty_value=None,
            choices=[("", "—"), *[(g.pk, g.name) for g in groups]])
        self.leave_required_to_service()
        self.style()

    def data_for_service(self) -> dict:
        return {k: v for k, v in super().data_for_service().items() if k != "organisation_id"}


class VolunteerServiceForm(ServiceForm):
    served_on = date_field(_("Served on"))
    hours = forms.DecimalField(label=_("Hours"), required=False, decimal_places=1)
    activity = _text(_("What was done"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.leave_required_to_service()
        self.style()
