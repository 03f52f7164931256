"""Requests from civil affairs to partner departments and their answers, child by child
(policy 四(二)), and the findings of the data-quality scan.

A request is addressed to one department in one area (its division code): the partner
accounts of that department whose area holds the code read it (ScopeRule.department, ADR
0018); the civil affairs offices over the area read it as any record of their jurisdiction.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.permissions import PartnerDepartment
from cwis.core.scoping import ScopeRule


class RequestKind(models.TextChoices):
    HUKOU_REGISTRATION = "hukou_registration", _("Hukou registration")
    HUKOU_MIGRATION = "hukou_migration", _("Hukou migration")
    SCHOOL_PLACE = "school_place", _("School place")
    INSURANCE_ENROLMENT = "insurance_enrolment", _("Medical insurance enrolment")
    REHABILITATION = "rehabilitation", _("Rehabilitation assistance application")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    ENLISTMENT = "enlistment", _("Enlistment")
    HOUSING = "housing", _("Housing for an orphan reaching adulthood")
    PROTECTION_REFERRAL = "protection_referral", _("Referral from a protection case")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Waiting for answers")
    ANSWERED = "answered", _("Every child answered")


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Not answered")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")


class AnswerChannel(models.TextChoices):
    PAGE = "page", _("On the page")
    API = "api", _("Through the API")
    EXCEL = "excel", _("Excel upload")


class PartnerRequest(TrackedModel):
    """A list of children sent to one department of one area, for one purpose."""

    kind = models.CharField(_("purpose"), max_length=24, choices=RequestKind.choices)
    department = models.CharField(_("department"), max_length=24,
                                  choices=PartnerDepartment.choices)
    division_code = models.CharField(_("area"), max_length=12)
    note = models.TextField(_("note to the department"), blank=True)
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"),
                                on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=RequestStatus.choices,
                              default=RequestStatus.OPEN)
    answered_on = models.DateField(_("every child answered on"), null=True, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="division_code", department="department")

    class Meta:
        verbose_name = _("request to a partner department")
        verbose_name_plural = _("requests to partner departments")
        ordering = ["-sent_on", "-id"]
        indexes = [
            models.Index(fields=["department", "division_code"], name="partner_request_dept",
                         opclasses=["varchar_pattern_ops", "varchar_pattern_ops"]),
            models.Index(fields=["status", "sent_on"], name="partner_request_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class PartnerRequestItem(TrackedModel):
    """One child of a request, and the department's answer for that child."""

    request = models.ForeignKey(PartnerRequest, verbose_name=_("request"),
                                on_delete=models.PROTECT, related_name="items")
    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="partner_items")
    # The transfer whose hukou decision the request carries out (hukou migration).
    transfer = models.ForeignKey("transfers.Transfer", verbose_name=_("transfer"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    # The protection case's referral the request carries to the department.
    referral = models.ForeignKey("protection.Referral", verbose_name=_("referral"), null=True,
                                 blank=True, on_delete=models.PROTECT, related_name="+")
    # What civil affairs tells the department about this child (the school wished for).
    note = models.CharField(_("request note"), max_length=300, blank=True)
    status = models.CharField(_("answer"), max_length=8, choices=ItemStatus.choices,
                              default=ItemStatus.OPEN)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # Hukou number, school-roll number, insurance number or approval document.
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    detail = models.CharField(_("answer detail"), max_length=200, blank=True)
    refusal_reason = models.CharField(_("reason for refusal"), max_length=300, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    channel = models.CharField(_("answered"), max_length=6, choices=AnswerChannel.choices,
                               blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="request__division_code", department="request__department")

    class Meta:
        verbose_name = _("child of a partner request")
        verbose_name_plural = _("children of partner requests")
        ordering = ["request", "id"]
        indexes = [models.Index(fields=["status", "request"], name="partner_item_status")]
        constraints = [
            models.UniqueConstraint(fields=["request", "child"], name="partner_item_one_child"),
            models.CheckConstraint(
                condition=Q(status="open") | Q(answered_on__isnull=False),
                name="partner_item_answer_dated"),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(refusal_reason=""),
                name="partner_item_refusal_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.child_id}"


class Finding(models.Model):
    """One record a data-quality rule found, as the last scan stored it (cwis.partners.
    quality). The scan replaces a rule's findings in one transaction."""

    rule = models.CharField(_("rule"), max_length=40)
    division_code = models.CharField(_("division code"), max_length=12)
    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="+")
    other = models.ForeignKey("children.Child", verbose_name=_("other file"), null=True,
                              blank=True, on_delete=models.PROTECT, related_name="+")
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    found_at = models.DateTimeField(_("found"))

    scope_rule = ScopeRule(division="division_code", institution="child__current_institution_id")

    class Meta:
        verbose_name = _("data-quality finding")
        verbose_name_plural = _("data-quality findings")
        ordering = ["rule", "division_code", "id"]
        indexes = [
            models.Index(fields=["rule", "division_code"], name="finding_rule_division",
                         opclasses=["varchar_pattern_ops", "varchar_pattern_ops"]),
            models.Index(fields=["division_code"], name="finding_division",
                         opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule} {self.child_id}"
