"""What hangs on a child's file: intakes, placements, documents, deadlines, dismissed
duplicates. Scoped through the file (`THROUGH_CHILD`)."""

import uuid
from pathlib import PurePosixPath

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.children.choices import (
    DeadlineKind,
    DeadlineOutcome,
    DocumentKind,
    IntakeCategory,
    PlacementKind,
)
from cwis.children.models.child import THROUGH_CHILD, Child
from cwis.core.models import TrackedModel


class Intake(TrackedModel):
    """An institution receiving the child (收留抚养), with the legal basis in force that day."""

    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.PROTECT, related_name="intakes"
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    intake_on = models.DateField(_("intake date"))
    category = models.CharField(_("intake category"), max_length=20, choices=IntakeCategory.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=20)
    # The provision as in force on the intake date, copied so a later revision cannot
    # change what this decision rested on.
    legal_basis_law = models.CharField(_("law"), max_length=100, blank=True)
    legal_basis_version = models.CharField(_("version"), max_length=50, blank=True)
    legal_basis_article = models.CharField(_("article"), max_length=30, blank=True)
    legal_basis_item = models.CharField(_("item"), max_length=30, blank=True)
    legal_basis_text = models.TextField(_("text in force"), blank=True)
    legal_basis_note = models.CharField(_("legal basis note"), max_length=500, blank=True)
    received_from = models.CharField(_("received from"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-intake_on", "-id"]

    def __str__(self) -> str:
        return f"{self.child} {self.intake_on}"

    @property
    def citation(self) -> str:
        parts = [f"《{self.legal_basis_law}》" if self.legal_basis_law else "",
                 self.legal_basis_version, self.legal_basis_article, self.legal_basis_item]
        return " ".join(p for p in parts if p) or self.legal_basis_note


class Placement(TrackedModel):
    """A period of residence: where the child lived, from when to when, and why.

    The timeline of a child's moves. A child has at most one open placement (database
    constraint); a transfer ends one and opens the next (`services.internal.child_move`).
    """

    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.PROTECT, related_name="placements"
    )
    institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=PlacementKind.choices)
    family_residence = models.ForeignKey(
        "institutions.FamilyResidence",
        verbose_name=_("family-style residence"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    foster_carer = models.CharField(_("foster carer"), max_length=100, blank=True)
    foster_address = models.CharField(_("foster family address"), max_length=300, blank=True)
    bed = models.CharField(_("bed"), max_length=30, blank=True)
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    start_reason = models.CharField(_("reason for the move"), max_length=300, blank=True)
    end_reason = models.CharField(_("reason it ended"), max_length=300, blank=True)
    history = HistoricalRecords()

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["child"], condition=Q(ended_on__isnull=True), name="placement_one_open"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="placement_dates_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(kind="family_residence") | Q(family_residence__isnull=False),
                name="placement_residence_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} {self.started_on}–{self.ended_on or ''}"


def document_path(instance: "ChildDocument", filename: str) -> str:
    # A random name: the original file name may itself identify the child.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"children/documents/{instance.child_id}/{uuid.uuid4().hex}{suffix}"


class ChildDocument(TrackedModel):
    """A document kept on the file. Served only through a scoped, logged view."""

    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(_("file"), upload_to=document_path, blank=True, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    number = models.CharField(_("number"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    withdrawn_reason = models.CharField(
        _("withdrawn because"), max_length=300, blank=True,
        help_text=_("A document is never deleted; a wrong one is withdrawn with a reason."),
    )
    history = HistoricalRecords()

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["kind", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()


class ChildDeadline(TrackedModel):
    """A time limit on a child's file (DESIGN.md rule 6), shown on the to-do list."""

    child = models.ForeignKey(
        Child, verbose_name=_("child"), on_delete=models.PROTECT, related_name="deadlines"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DeadlineKind.choices)
    started_on = models.DateField(_("started on"))
    due_on = models.DateField(_("due"))
    # Long deadlines (turning 18) are not worth showing years ahead.
    visible_from = models.DateField(_("shown from"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=DeadlineOutcome.choices, blank=True
    )
    history = HistoricalRecords()

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["closed_on", "due_on"], name="child_deadline_open"),
            # The to-do list's order over open deadlines only (ten million visit deadlines:
            # without it a province's list sorted two million overdue rows).
            models.Index(fields=["due_on", "id"], name="child_deadline_open_due",
                         condition=Q(closed_on__isnull=True)),
            # The same for the deadlines of children in care (the offices above the county
            # do not follow community visits; cwis/children/todo.py).
            models.Index(fields=["due_on", "id"], name="child_deadline_open_care",
                         condition=Q(closed_on__isnull=True) & ~Q(kind="community_visit")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "kind"],
                condition=Q(closed_on__isnull=True),
                name="child_deadline_one_open_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} {self.get_kind_display()} {self.due_on}"


class DuplicateDismissal(models.Model):
    """A worker looked at two files and said they are different children."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    other = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    dismissed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+"
    )
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed duplicate")
        verbose_name_plural = _("dismissed duplicates")
        constraints = [
            models.UniqueConstraint(fields=["child", "other"], name="duplicate_dismissal_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} ≠ {self.other_id}"
