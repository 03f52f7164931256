"""Forms of the referral and emotional care pages of a protection case. They only parse
input; the services validate (every refusal at once, beside its field)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from cwis.core.forms import CHOOSE, BaseForm, date_field, version_field, with_blank
from cwis.protection.forms_cases import text
from cwis.protection.models.conferences import DepartmentKind
from cwis.protection.models.emotional_care import RiskLevel
from cwis.protection.models.referrals import RecipientKind, ReferralService, ReferralState


class _ServiceForm(BaseForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.leave_required_to_service()

    def data_for_service(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ReferralForm(_ServiceForm):
    """A referral (服务转介) to a department or organisation for a named service."""

    service = forms.ChoiceField(label=_("Service"), choices=with_blank(ReferralService.choices))
    recipient_kind = forms.ChoiceField(label=_("Referred to"),
                                       choices=with_blank(RecipientKind.choices))
    department = forms.ChoiceField(label=_("Department or kind of organisation"),
                                   choices=with_blank(DepartmentKind.choices))
    recipient_organisation_id = forms.TypedChoiceField(
        label=_("Or an organisation of the registry"), required=False, coerce=int,
        empty_value=None)
    recipient_name = text(_("Name of the department or organisation"), long=False)
    contact = text(_("Contact person and telephone"), required=False, long=False)
    request = text(_("What is asked"))
    sent_on = date_field(_("Sent on"))
    answer_due = date_field(_("Answer due"), required=False)

    def __init__(self, *args, organisations=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipient_organisation_id"].choices = with_blank(
            [(o.pk, o.name) for o in organisations])
        self.fields["recipient_organisation_id"].help_text = _(
            "A social organisation, social work agency or volunteer group of the registry: "
            "its kind and name fill the recipient.")
        self.fields["answer_due"].help_text = _(
            "Left empty: %(days)d days after sending.") % {
            "days": settings.CWIS_CASE_REFERRAL_ANSWER_DAYS}


ANSWERS = [("", CHOOSE), ("yes", ReferralState.ACCEPTED.label),
           ("no", ReferralState.DECLINED.label)]


class ReferralAnswerForm(_ServiceForm):
    """The recipient's answer, as the case worker records it."""

    version = version_field()
    answer = forms.ChoiceField(label=_("Answer"), choices=ANSWERS)
    answered_on = date_field(_("Answered on"))
    note = text(_("The recipient's answer (who answered, what was agreed)"), required=False)
    decline_reason = text(_("Why it was declined"), required=False)

    def accepted(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("answer") or "")


class ReferralDeliverForm(_ServiceForm):
    version = version_field()
    delivered_on = date_field(_("Delivered on"))
    outcome = text(_("Outcome of the service"))


class ReferralCloseForm(_ServiceForm):
    version = version_field()
    closed_on = date_field(_("Closed on"))
    note = text(_("Outcome at closing"))


class CareSessionForm(_ServiceForm):
    """A session of emotional care or psychological intervention (精神关怀)."""

    held_on = date_field(_("Held on"))
    delivered_by = text(_("Delivered by (name and role)"), long=False)
    content = text(_("What was done"))
    risk_level = forms.ChoiceField(label=_("Risk level"), choices=with_blank(RiskLevel.choices))
    risk_notes = text(_("Risk notes"), required=False)


class InterventionPlanForm(_ServiceForm):
    made_on = date_field(_("Made on"))
    goals = text(_("Goals of the intervention"))
    measures = text(_("Measures"))
    responsible = text(_("Who carries it out"), long=False)
    review_on = date_field(_("Review on"))


class InterventionReviewForm(_ServiceForm):
    version = version_field()
    reviewed_on = date_field(_("Plan reviewed on"))
    findings = text(_("What the review found"))
    next_review_on = date_field(_("Next review on"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["next_review_on"].help_text = _("Left empty: the plan ends with this review.")
