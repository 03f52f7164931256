"""Transfers of children from county institutions to province or prefecture child welfare
institutions, with their archives and the property kept in trust (policy 二（一）, 三, 四（三）).

A transfer is seen from both sides: its scope rule names the sending and the receiving
institution. The database keeps one open transfer per child; the child's own row keeps one
current institution (children.Child), so a child is never in two institutions nor in none.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule


class TransferStatus(models.TextChoices):
    DRAFTED = "drafted", _("Drafted")
    APPROVED = "approved", _("Approved")
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    RETURNED = "returned", _("Returned")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = [TransferStatus.DRAFTED, TransferStatus.APPROVED, TransferStatus.SENT]


class HukouDecision(models.TextChoices):
    MOVE = "move", _("Hukou moves with the child")
    STAY = "stay", _("Hukou stays (moving it would harm the child's rights)")


class HukouStatus(models.TextChoices):
    NOT_REQUESTED = "", _("Not requested")
    REQUESTED = "requested", _("Migration requested")
    DONE = "done", _("Migration done")


class Transfer(TrackedModel):
    child = models.ForeignKey(
        "children.Child", verbose_name=_("child"), on_delete=models.PROTECT,
        related_name="transfers",
    )
    from_institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("from institution"),
        on_delete=models.PROTECT, related_name="transfers_out",
    )
    to_institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("to institution"),
        on_delete=models.PROTECT, related_name="transfers_in",
    )
    from_division_code = models.CharField(_("sending division"), max_length=12, editable=False)
    to_division_code = models.CharField(_("receiving division"), max_length=12, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=TransferStatus.choices,
                              default=TransferStatus.DRAFTED)
    reason = models.CharField(_("reason"), max_length=300)
    planned_on = models.DateField(_("planned date"))
    hukou_decision = models.CharField(_("hukou"), max_length=5, choices=HukouDecision.choices,
                                      default=HukouDecision.MOVE)
    hukou_stay_reason = models.CharField(_("why the hukou stays"), max_length=300, blank=True)
    hukou_status = models.CharField(_("hukou migration"), max_length=10,
                                    choices=HukouStatus.choices, blank=True)
    hukou_requested_on = models.DateField(_("migration requested on"), null=True, blank=True)
    hukou_done_on = models.DateField(_("migration done on"), null=True, blank=True)
    # The handover plan fitted to the child (policy 三: psychological support).
    plan_told = models.TextField(_("what the child is told"), blank=True)
    plan_accompanied_by = models.CharField(_("who accompanies"), max_length=200, blank=True)
    plan_familiar = models.TextField(_("familiar carers or objects"), blank=True)
    counselling_before = models.PositiveSmallIntegerField(_("counselling sessions before"),
                                                          default=0)
    counselling_after = models.PositiveSmallIntegerField(_("counselling sessions after"),
                                                         default=0)
    property_declared_total = models.DecimalField(
        _("property total declared"), max_digits=12, decimal_places=2, null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"),
                                null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField(_("received, returned or cancelled on"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    close_reason = models.CharField(_("reason for return or cancellation"), max_length=300,
                                    blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="from_division_code", institution="from_institution_id",
                           also=(("to_division_code", "to_institution_id"),))

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["planned_on", "id"]
        indexes = [models.Index(fields=["status", "planned_on"], name="transfer_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(status__in=["drafted", "approved", "sent"]),
                name="transfer_one_open_per_child",
            ),
            models.CheckConstraint(
                condition=~Q(hukou_decision="stay") | ~Q(hukou_stay_reason=""),
                name="transfer_hukou_stay_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(from_institution=models.F("to_institution")),
                name="transfer_between_two_institutions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} → {self.to_institution}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ArchiveKind(models.TextChoices):
    FILE = "file", _("Child's file")
    MEDICAL = "medical", _("Medical records")
    EDUCATION = "education", _("School records")
    IDENTITY = "identity", _("Identity and hukou documents")
    OTHER = "other", _("Other")


class ItemStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    MISSING = "missing", _("Missing")


class ArchiveItem(models.Model):
    """One file or volume of the manifest, confirmed on receipt item by item."""

    transfer = models.ForeignKey(Transfer, verbose_name=_("transfer"), on_delete=models.PROTECT,
                                 related_name="archive_items")
    kind = models.CharField(_("kind"), max_length=10, choices=ArchiveKind.choices)
    title = models.CharField(_("title"), max_length=200)
    pages = models.PositiveIntegerField(_("pages"), default=0)
    original = models.BooleanField(_("original"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=ItemStatus.choices,
                              default=ItemStatus.SENT)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="transfer__from_division_code",
                           institution="transfer__from_institution_id",
                           also=(("transfer__to_division_code", "transfer__to_institution_id"),))

    class Meta:
        verbose_name = _("archive item")
        verbose_name_plural = _("archive items")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class PropertyKind(models.TextChoices):
    CASH = "cash", _("Cash")
    DEPOSIT = "deposit", _("Deposit")
    ALLOWANCE = "allowance", _("Allowance owed")
    VALUABLE = "valuable", _("Valuable")
    DOCUMENT = "document", _("Document")


class PropertyEntry(models.Model):
    """A line of a child's property ledger, held by one institution. Never changed: a
    handover writes an entry out of the sender and one into the receiver."""

    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="property_entries")
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("held by"),
                                    on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=PropertyKind.choices)
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(_("amount (CNY)"), max_digits=12, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    on = models.DateField(_("date"))
    transfer = models.ForeignKey(Transfer, verbose_name=_("transfer"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="property_entries")
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="child__division_code",
                           institution="child__current_institution_id")

    class Meta:
        verbose_name = _("property entry")
        verbose_name_plural = _("property ledger")
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.description} {self.amount}"


class PropertyHandoverItem(models.Model):
    """What the sender handed over for one ledger line, and what the receiver confirmed."""

    transfer = models.ForeignKey(Transfer, verbose_name=_("transfer"), on_delete=models.PROTECT,
                                 related_name="property_items")
    kind = models.CharField(_("kind"), max_length=10, choices=PropertyKind.choices)
    description = models.CharField(_("description"), max_length=200)
    sent_amount = models.DecimalField(_("amount sent"), max_digits=12, decimal_places=2)
    confirmed_amount = models.DecimalField(_("amount confirmed"), max_digits=12,
                                           decimal_places=2, null=True, blank=True)
    difference_note = models.CharField(_("difference"), max_length=300, blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="transfer__from_division_code",
                           institution="transfer__from_institution_id",
                           also=(("transfer__to_division_code", "transfer__to_institution_id"),))

    class Meta:
        verbose_name = _("property handover item")
        verbose_name_plural = _("property handover items")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confirmed_amount__isnull=True)
                | Q(confirmed_amount=models.F("sent_amount")) | ~Q(difference_note=""),
                name="property_difference_recorded",
            ),
        ]

    def __str__(self) -> str:
        return self.description
