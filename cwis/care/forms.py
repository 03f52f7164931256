"""Forms of the care pages. They only parse input; the services validate (their refusals
reach the fields through cwis.core.web.run_service)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cwis.care.choices import GoalsMet, ProviderKind
from cwis.core.forms import BaseForm, date_field, version_field, with_blank

TEXTAREA = forms.Textarea


class VersionedForm(BaseForm):
    version = version_field()


class AssessmentForm(VersionedForm):
    assessed_on = date_field(_("Assessed on"))
    method = forms.CharField(label=_("Method or tool"), max_length=200,
                             help_text=_("e.g. Gesell, PEP-3, a needs assessment interview"))
    findings = forms.CharField(label=_("Findings"), widget=TEXTAREA)
    needs = forms.CharField(label=_("Needs"), widget=TEXTAREA, required=False)

    def data_for_service(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("assessed_on", "method", "findings", "needs")}


class PlanForm(VersionedForm):
    assessment_id = forms.TypedChoiceField(label=_("Assessment"), required=False, coerce=int,
                                           empty_value=None)
    goals = forms.CharField(label=_("Goals"), widget=TEXTAREA)
    services = forms.CharField(label=_("Services"), widget=TEXTAREA)
    frequency = forms.CharField(label=_("Frequency"), max_length=100,
                                help_text=_("e.g. three sessions a week, 40 minutes each"))
    session_interval_days = forms.IntegerField(
        label=_("Days between sessions"), required=False, min_value=0, max_value=365,
        help_text=_("A session overdue after this many days shows on the to-do list; "
                    "leave empty for no regular sessions."))
    responsible_id = forms.TypedChoiceField(label=_("Responsible staff"), coerce=int)
    starts_on = date_field(_("Starts on"))
    review_due_on = date_field(_("Review due on"))
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=100)

    def __init__(self, *args, assessments=(), staff=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assessment_id"].choices = with_blank(
            [(a.pk, f"{a.assessed_on:%Y-%m-%d} {a.method}") for a in assessments])
        self.fields["responsible_id"].choices = with_blank(
            [(u.pk, str(u)) for u in staff])
        if not editing:
            del self.fields["reason"]

    def data_for_service(self) -> dict:
        keys = ("assessment_id", "goals", "services", "frequency", "session_interval_days",
                "responsible_id", "starts_on", "review_due_on")
        return {k: self.cleaned_data[k] for k in keys}


class ApproveForm(VersionedForm):
    pass


class WithdrawForm(VersionedForm):
    reason = forms.CharField(label=_("Why is the plan withdrawn?"), max_length=300)


class SessionForm(VersionedForm):
    held_on = date_field(_("Date"))
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1,
                                          max_value=1440)
    activity = forms.CharField(label=_("What was done"), widget=TEXTAREA)
    progress = forms.CharField(label=_("Progress"), widget=TEXTAREA, required=False)
    remote = forms.BooleanField(label=_("Remote (online)"), required=False)
    staff_id = forms.TypedChoiceField(label=_("Staff"), coerce=int, required=False,
                                      empty_value=None)
    provider_kind = forms.ChoiceField(label=_("Outside provider"), required=False,
                                      choices=with_blank(ProviderKind.choices))
    provider_name = forms.CharField(label=_("Provider's name"), max_length=200,
                                    required=False,
                                    help_text=_("When an outside organisation, volunteer "
                                                "group or hospital delivered the session."))

    provider_organisation_id = forms.TypedChoiceField(
        label=_("Organisation from the registry"), coerce=int, required=False,
        empty_value=None)

    def __init__(self, *args, staff=(), organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff_id"].choices = with_blank([(u.pk, str(u)) for u in staff])
        self.fields["provider_organisation_id"].choices = with_blank(
            [(o.pk, o.name) for o in organisations])

    def data_for_service(self) -> dict:
        keys = ("held_on", "duration_minutes", "activity", "progress", "remote", "staff_id",
                "provider_kind", "provider_name", "provider_organisation_id")
        return {k: self.cleaned_data[k] for k in keys}


class ReviewForm(VersionedForm):
    reviewed_on = date_field(_("Reviewed on"))
    goals_met = forms.ChoiceField(label=_("Goals"), choices=with_blank(GoalsMet.choices))
    outcome = forms.CharField(label=_("Outcome"), widget=TEXTAREA)
    next_step = forms.CharField(label=_("Next step"), widget=TEXTAREA, required=False,
                                help_text=_("A new plan, or why none is needed."))

    def data_for_service(self) -> dict:
        return {k: self.cleaned_data[k]
                for k in ("reviewed_on", "goals_met", "outcome", "next_step")}


class ReasonForm(VersionedForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)
