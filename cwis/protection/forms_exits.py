"""Forms of the exit of a protection case. They only parse input; the services validate
(every refusal at once, beside its field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cwis.core.forms import BaseForm, date_field, version_field, with_blank
from cwis.protection.forms_cases import text
from cwis.protection.models import VisitMethod
from cwis.protection.models.cases import LONG_TERM_GROUNDS, CaseOutcome


class ExitHomeForm(BaseForm):
    """Return to the guardian or entrust to relatives, with the follow-up period."""

    version = version_field()
    outcome = forms.ChoiceField(label=_("Exit"), choices=with_blank(
        [(v, label) for v, label in CaseOutcome.choices if v != CaseOutcome.LONG_TERM]))
    exit_on = date_field(_("The child went home on"))
    note = text(_("With whom and where the child lives"), required=False)
    follow_up_months = forms.IntegerField(label=_("Follow-up for (months)"), required=False,
                                          min_value=1)
    visit_every_months = forms.IntegerField(label=_("A visit every (months)"), required=False,
                                            min_value=1)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up_months"].help_text = _(
            "The follow-up visits fall due on the to-do list of the county's case workers and "
            "of the village and township workers of the child's area; the last one closes "
            "the case.")
        self.leave_required_to_service()

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


class LongTermForm(BaseForm):
    """Long-term guardianship under art. 94: the ground and the court decision."""

    version = version_field()
    decided_on = date_field(_("Decided on"))
    ground = forms.ChoiceField(label=_("Ground (Minors Protection Law art. 94)"),
                               choices=with_blank(LONG_TERM_GROUNDS))
    court_name = text(_("Court"), required=False, long=False)
    court_decided_on = date_field(_("Date of the court decision"), required=False)
    court_reference = text(_("Court decision reference"), required=False, long=False)
    note = text(_("About the decision"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["court_name"].help_text = _(
            "Only where a court revoked the guardian's qualification (art. 94 (4)).")
        self.leave_required_to_service()

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


class FollowUpForm(BaseForm):
    version = version_field()
    visited_on = date_field(_("Visited on"))
    method = forms.ChoiceField(label=_("How"), choices=with_blank(VisitMethod.choices))
    situation = text(_("How the child lives now"))
    note = text(_("Note"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.leave_required_to_service()


class LongTermIntakeForm(BaseForm):
    intake_on = date_field(_("Intake date"))
    bed = text(_("Bed"), required=False, long=False)
    note = text(_("Note"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.leave_required_to_service()


def follow_up_defaults(period) -> dict:
    """The exit form's follow-up fields from the county's period
    (`selectors.exits.follow_up_period`)."""
    return {"follow_up_months": period.months, "visit_every_months": period.every}


class FollowUpPeriodForm(BaseForm):
    """The county's own follow-up period (the county officer)."""

    version = version_field()
    follow_up_months = forms.IntegerField(label=_("Follow-up for (months)"), required=False)
    visit_every_months = forms.IntegerField(label=_("A visit every (months)"),
                                            required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["follow_up_months"].help_text = _(
            "Proposed at every exit of the county's cases (return to the guardian, entrusting "
            "to relatives); each case may set its own. Cases already exited keep theirs.")
        self.leave_required_to_service()
