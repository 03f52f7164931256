"""Forms of the protection case pages. They only parse input; the services validate (every
refusal at once, beside its field)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cwis.core.forms import BaseForm, date_field, version_field, with_blank
from cwis.protection.models.cases import (
    Art92Situation,
    EmergencyPlacement,
    Recommendation,
    ReporterKind,
)

DATETIME_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


def datetime_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


def text(label, *, required: bool = True, long: bool = True) -> forms.CharField:
    return forms.CharField(label=label, required=required,
                           widget=forms.Textarea if long else forms.TextInput)


class CaseIntakeForm(BaseForm):
    """The intake and the emergency placement (应急处置) of a case."""

    opened_on = date_field(_("Case opened on"))
    situation = forms.ChoiceField(label=_("Situation (Minors Protection Law art. 92)"),
                                  choices=with_blank(Art92Situation.choices))
    reported_by = forms.ChoiceField(label=_("Brought or reported by"),
                                    choices=with_blank(ReporterKind.choices))
    reporter_name = text(_("Name of the person or unit"), required=False, long=False)
    reported_at = datetime_field(_("When reported"))
    circumstances = text(_("Circumstances"))
    police_reference = text(_("Police reference"), required=False, long=False)
    safety_check = text(_("Immediate safety and health check"))
    placement = forms.ChoiceField(label=_("Emergency placement"),
                                  choices=with_blank(EmergencyPlacement.choices))
    placed_at = datetime_field(_("Placed at"))
    placement_note = text(_("Where and with whom"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opened_on"].help_text = _(
            "The first guardianship assessment is due %(days)d days after this date."
        ) % {"days": settings.CWIS_CASE_FIRST_ASSESSMENT_DAYS}
        self.leave_required_to_service()

    def intake_data(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in self.fields if k != "version"}


class CaseEditForm(CaseIntakeForm):
    version = version_field()


class AssessmentForm(BaseForm):
    """A guardianship assessment (监护评估)."""

    assessed_on = date_field(_("Assessed on"))
    assessors = text(_("Who else assessed"), required=False, long=False)
    guardian_situation = text(_("The guardian's situation"))
    guardian_capacity = text(_("The guardian's capacity to care"))
    risks = text(_("Risks"))
    child_views = text(_("The child's views"))
    recommendation = forms.ChoiceField(label=_("Recommendation"),
                                       choices=with_blank(Recommendation.choices))
    recommendation_note = text(_("About the recommendation"), required=False)
    reassess_on = date_field(_("Reassess on"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.leave_required_to_service()


class ConfirmForm(BaseForm):
    version = version_field()


class ReasonForm(BaseForm):
    reason = text(_("Why you need to open this case"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "Your reason is written to the access log with your name and the time.")
        self.leave_required_to_service()


class CaseFilterForm(BaseForm):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[
        ("open", _("Open")), ("closed", _("Closed"))])
    situation = forms.ChoiceField(label=_("Situation"), required=False,
                                  choices=with_blank(Art92Situation.choices))
    placement = forms.ChoiceField(label=_("Emergency placement"), required=False,
                                  choices=with_blank(EmergencyPlacement.choices))
    overdue = forms.BooleanField(label=_("First assessment overdue"), required=False)

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v}
