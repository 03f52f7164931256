"""Forms of the adulthood plan pages. They only parse; the services validate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cwis.care.choices_family import PathKind, PathState, StepKind, SupportMode
from cwis.care.forms_foster import OneRoundForm
from cwis.core.forms import BaseForm, date_field, version_field, with_blank

TEXTAREA = forms.Textarea


class PlanForm(OneRoundForm):
    version = version_field()
    evaluation = forms.CharField(label=_("Placement evaluation"), widget=TEXTAREA,
                                 help_text=_("The child's abilities, health, schooling and "
                                             "what support adulthood will need."))
    wishes = forms.CharField(label=_("The child's own wishes"), widget=TEXTAREA)
    responsible_id = forms.TypedChoiceField(label=_("Responsible staff"), coerce=int,
                                            empty_value=None)
    starts_on = date_field(_("Starts on"))
    review_due_on = date_field(_("Review due on"))
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=100)

    FIELDS = ("evaluation", "wishes", "responsible_id", "starts_on", "review_due_on")

    def __init__(self, *args, staff=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_id"].choices = with_blank([(u.pk, str(u)) for u in staff])
        if not editing:
            del self.fields["reason"]

    def data_for_service(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.FIELDS}


class WithdrawForm(BaseForm):
    version = version_field()
    reason = forms.CharField(label=_("Why is the plan withdrawn?"), max_length=300)


class ApproveForm(BaseForm):
    version = version_field()


class PathForm(OneRoundForm):
    kind = forms.ChoiceField(label=_("Path"), choices=with_blank(PathKind.choices))
    department = forms.CharField(label=_("Responsible department"), max_length=200)
    contact = forms.CharField(label=_("Contact at the department"), max_length=200,
                              required=False)
    target_on = date_field(_("Outcome expected by"))
    priority = forms.BooleanField(
        label=_("Priority applies"), required=False,
        help_text=_("Enlistment priority, or housing priority for orphans."))
    support_mode = forms.ChoiceField(label=_("Form of support"), required=False,
                                     choices=with_blank(SupportMode.choices))
    support_institution = forms.CharField(label=_("Support institution"), max_length=200,
                                          required=False)

    FIELDS = ("kind", "department", "contact", "target_on", "priority", "support_mode",
              "support_institution")

    def data_for_service(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.FIELDS}


class StepForm(OneRoundForm):
    kind = forms.ChoiceField(label=_("Step"))
    due_on = date_field(_("Due on"))
    note = forms.CharField(label=_("Note"), widget=TEXTAREA, required=False)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = with_blank(
            [(k, StepKind(k).label) for k in (*kinds, StepKind.OTHER)])

    def data_for_service(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("kind", "due_on", "note")}


class StepDoneForm(BaseForm):
    version = version_field()
    done_on = date_field(_("Done on"))
    note = forms.CharField(label=_("What happened"), widget=TEXTAREA, required=False)


class OutcomeForm(OneRoundForm):
    version = version_field()
    state = forms.ChoiceField(label=_("Outcome of the path"), choices=with_blank(
        [(k, v) for k, v in PathState.choices if k != PathState.OPEN]))
    outcome_on = date_field(_("Outcome on"))
    outcome = forms.CharField(label=_("Outcome"), widget=TEXTAREA,
                              help_text=_("The job and employer, the unit, the school, the "
                                          "support decided, the housing granted."))
    support_mode = forms.ChoiceField(label=_("Form of support"), required=False,
                                     choices=with_blank(SupportMode.choices))
    support_institution = forms.CharField(label=_("Support institution"), max_length=200,
                                          required=False)

    def __init__(self, *args, path_kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if path_kind != PathKind.EXTREME_POVERTY:
            del self.fields["support_mode"], self.fields["support_institution"]

    def data_for_service(self) -> dict:
        keys = ("state", "outcome_on", "outcome", "support_mode", "support_institution")
        return {k: self.cleaned_data[k] for k in keys if k in self.cleaned_data}


class FollowUpForm(OneRoundForm):
    version = version_field()
    done_on = date_field(_("Contacted on"))
    how = forms.CharField(label=_("How"), max_length=100, required=False,
                          help_text=_("A visit, a telephone call, a message."))
    situation = forms.CharField(label=_("How the young adult is doing"), widget=TEXTAREA)

    def data_for_service(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("done_on", "how", "situation")}


class ListFilters(BaseForm):
    path = forms.ChoiceField(label=_("Path"), required=False,
                             choices=[("", _("Every path")), *PathKind.choices])
    without_plan = forms.BooleanField(label=_("Without an adulthood plan"), required=False)
