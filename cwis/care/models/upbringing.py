"""The comprehensive upbringing assessment (儿童抚养综合评估, policy 二(一)): the care pattern's
assessment -> confirmation -> review applied to the child's future. Written by the social
worker (or the director), confirmed by the director, due again a year later; a newer
confirmed assessment replaces the previous one, which is kept, closed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.care.choices_adoption import (
    AssessmentOccasion,
    ChildWish,
    LegalStatus,
    UpbringingCloseReason,
    UpbringingPath,
    UpbringingStatus,
)
from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule

# The child's file: its institution, or the offices whose prefix covers it.
CHILD_SCOPE = ScopeRule(division="child__division_code",
                        institution="child__current_institution_id")


def _user(verbose) -> models.ForeignKey:
    return models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=verbose, null=True,
                             blank=True, on_delete=models.PROTECT, related_name="+")


class UpbringingAssessment(TrackedModel):
    """The child's situation, the legal status that decides adoption, health and
    attachment, the child's own wishes, and the path recommended for the child."""

    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="upbringing_assessments")
    occasion = models.CharField(_("occasion"), max_length=8, choices=AssessmentOccasion.choices)
    assessed_on = models.DateField(_("assessed on"))
    assessor = _user(_("assessor"))
    situation = models.TextField(_("the child's situation"))
    legal_status = models.CharField(_("legal status"), max_length=14,
                                    choices=LegalStatus.choices)
    legal_note = models.CharField(_("court decision or documents"), max_length=300, blank=True)
    health = models.TextField(_("health and development"))
    attachment = models.TextField(_("attachment and relationships"))
    wish = models.CharField(_("the child's view of adoption"), max_length=10,
                            choices=ChildWish.choices)
    wishes = models.TextField(_("the child's own wishes"), blank=True)
    path = models.CharField(_("recommended path"), max_length=18,
                            choices=UpbringingPath.choices)
    reasons = models.TextField(_("reasons for the path"))
    status = models.CharField(_("status"), max_length=10, choices=UpbringingStatus.choices,
                              default=UpbringingStatus.PENDING)
    confirmed_by = _user(_("confirmed by"))
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    # A year after the assessment: the next one is due (the to-do list's date).
    next_due_on = models.DateField(_("next assessment due on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("reason closed"), max_length=12,
                                    choices=UpbringingCloseReason.choices, blank=True)
    history = HistoricalRecords()

    scope_rule = CHILD_SCOPE

    class Meta:
        verbose_name = _("upbringing assessment")
        verbose_name_plural = _("upbringing assessments")
        ordering = ["-assessed_on", "-id"]
        indexes = [
            models.Index(fields=["child", "assessed_on"], name="upbringing_child"),
            # The current assessment of a child and its due date (to-do list, lists).
            models.Index(fields=["child", "next_due_on"], name="upbringing_current",
                         condition=Q(status="confirmed")),
            models.Index(fields=["status", "path"], name="upbringing_path"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.assessed_on}"

    @property
    def is_open(self) -> bool:
        return self.status != UpbringingStatus.CLOSED
