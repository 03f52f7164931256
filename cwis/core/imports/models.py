"""An uploaded workbook (ImportBatch) and its checked rows (ImportRow), the staged table the
commit applies in one transaction."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cwis.core.scoping import ScopeRule


class BatchState(models.TextChoices):
    PREVIEWING = "previewing", _("Being checked")
    PREVIEWED = "previewed", _("Checked, not imported")
    COMMITTING = "committing", _("Being imported")
    COMMITTED = "committed", _("Imported")
    FAILED = "failed", _("Could not be read")


class RowAction(models.TextChoices):
    CREATE = "create", _("New file")
    UPDATE = "update", _("Update of an existing file")
    REFUSE = "refuse", _("Refused")


class RowOutcome(models.TextChoices):
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Updated")
    UNCHANGED = "unchanged", _("Already up to date")


class ImportBatch(models.Model):
    """One workbook uploaded for one kind of import: the file, what the check found and what
    the commit did. Seen by whoever sees `division_code` (the area it imports into)."""

    kind = models.CharField(_("kind of import"), max_length=64)
    # What the kind imports into (a screening campaign's id...), as text.
    target = models.CharField(_("imported into"), max_length=64, blank=True)
    division_code = models.CharField(_("division"), max_length=12)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                              on_delete=models.PROTECT, related_name="import_batches")
    file = models.FileField(_("file"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    state = models.CharField(_("state"), max_length=12, choices=BatchState.choices,
                             default=BatchState.PREVIEWING)
    error = models.TextField(_("error"), blank=True)
    rows_total = models.PositiveIntegerField(_("rows received"), default=0)
    rows_create = models.PositiveIntegerField(_("rows to create"), default=0)
    rows_update = models.PositiveIntegerField(_("rows to update"), default=0)
    rows_refused = models.PositiveIntegerField(_("rows refused"), default=0)
    rows_created = models.PositiveIntegerField(_("files created"), default=0)
    rows_updated = models.PositiveIntegerField(_("files updated"), default=0)
    job = models.ForeignKey("core.Job", verbose_name=_("background job"), null=True,
                            blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    previewed_at = models.DateTimeField(_("checked"), null=True, blank=True)
    committed_at = models.DateTimeField(_("imported"), null=True, blank=True)
    committed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")

    scope_rule = ScopeRule(division="division_code")

    class Meta:
        verbose_name = _("spreadsheet import")
        verbose_name_plural = _("spreadsheet imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "target", "-created_at"],
                                name="import_batch_target")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def busy(self) -> bool:
        return self.state in (BatchState.PREVIEWING, BatchState.COMMITTING)

    @property
    def rows_valid(self) -> int:
        return self.rows_create + self.rows_update


class ImportRow(models.Model):
    """One data row of a workbook as the check read it: its natural key (never its row
    number), the values, what it would do and every refusal as (column, message)."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("row"))
    key = models.CharField(_("key"), max_length=200, blank=True)
    # The area the row is about (figures by township), when the kind can tell it.
    division_code = models.CharField(_("division"), max_length=12, blank=True)
    label = models.CharField(_("record"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=8, choices=RowAction.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=RowOutcome.choices,
                               blank=True)
    target_id = models.BigIntegerField(_("record id"), null=True, blank=True)
    data = models.JSONField(_("values"), default=dict)
    errors = models.JSONField(_("refusals"), default=list)

    class Meta:
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")
        ordering = ["batch", "row_number"]
        constraints = [models.UniqueConstraint(fields=["batch", "row_number"],
                                               name="import_row_number_unique")]
        indexes = [models.Index(fields=["batch", "action", "row_number"],
                                name="import_row_action")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"
