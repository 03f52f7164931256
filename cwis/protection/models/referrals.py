"""Referrals of services (服务转介) on a protection case: the case worker asks a department or
an organisation for a named service; the referral goes sent -> accepted -> delivered ->
closed, or sent -> declined with a reason. Each step keeps who recorded it and when; an
answer is due by `answer_due` (on the county case workers' to-do list, an alert once
overdue). Nothing is deleted.

Who answers: today the case worker records the recipient's reply. `recipient_kind` is the
seam for the partner departments (issue 18): a referral to a partner department will be a
partner request of kind "referral", answered from that department's own account.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule
from cwis.protection.models.conferences import DepartmentKind


class ReferralService(models.TextChoices):
    MEDICAL = "medical", _("Medical treatment")
    PSYCHOLOGICAL = "psychological", _("Psychological counselling")
    SCHOOLING = "schooling", _("Schooling")
    LEGAL_AID = "legal_aid", _("Legal aid")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance")
    OTHER = "other", _("Other service")


class RecipientKind(models.TextChoices):
    """Who answers the referral. A partner department answers from its own account once
    the partner module joins it (issue 18); until then the worker records every reply."""

    DEPARTMENT = "department", _("A government department")
    ORGANISATION = "organisation", _("An organisation")


class ReferralState(models.TextChoices):
    SENT = "sent", _("Sent, awaiting an answer")
    ACCEPTED = "accepted", _("Accepted by the recipient")
    DECLINED = "declined", _("Declined by the recipient")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")


def _user(verbose, *, null: bool = False) -> models.ForeignKey:
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose, null=null,
                             blank=null, on_delete=models.PROTECT, related_name="+")


class Referral(TrackedModel):
    case = models.ForeignKey("protection.ProtectionCase", verbose_name=_("case"),
                             on_delete=models.PROTECT, related_name="referrals")
    recipient_kind = models.CharField(_("referred to"), max_length=20,
                                      choices=RecipientKind.choices)
    department = models.CharField(_("department"), max_length=20,
                                  choices=DepartmentKind.choices)
    recipient_name = models.CharField(_("name of the department or organisation"),
                                      max_length=200)
    contact = models.CharField(_("contact person and telephone"), max_length=200, blank=True)
    # Chosen from the registry of social organisations (cwis.safety): its name fills
    # recipient_name, so every page that shows the recipient keeps working.
    recipient_organisation = models.ForeignKey(
        "safety.SocialOrganisation", verbose_name=_("organisation from the registry"),
        null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    service = models.CharField(_("service"), max_length=20, choices=ReferralService.choices)
    request = models.TextField(_("what is asked"))
    state = models.CharField(_("state"), max_length=10, choices=ReferralState.choices,
                             default=ReferralState.SENT)
    sent_on = models.DateField(_("referral sent on"))
    sent_by = _user(_("referral sent by"))
    answer_due = models.DateField(_("answer due"))
    # The answer (accepted or declined), recorded by the worker from the recipient's reply.
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = _user(_("answer recorded by"), null=True)
    answer_note = models.TextField(_("the recipient's answer"), blank=True)
    decline_reason = models.TextField(_("why it was declined"), blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivered_by = _user(_("delivery recorded by"), null=True)
    outcome = models.TextField(_("outcome of the service"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = _user(_("referral closed by"), null=True)
    closing_note = models.TextField(_("outcome at closing"), blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="case__county_code")

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["state", "answer_due"], name="protection_referral_due")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_service_display()} {self.recipient_name}"
