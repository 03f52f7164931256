"""Keeping the community registry true (policy 三(二): 动态更新) and the people who keep it.

- `CategoryPeriod`: one row per category a community file was in, from a date to a date, with
  the reason it ended (a parent came home, the family left poverty, the child turned 16). The
  yearly report counts the categories as they stood on 31 December from these rows, not by
  reading the files' history (ADR 0017). `division_code` is the file's, copied so that an
  area's count reads this table's index alone.
- `GuardianChange`: who looks after the child changed (or nobody does): a risk flag until the
  next visit (cwis.protection.flags).
- `TrainingCourse` and `TrainingAttendance`: the county institution's training (业务培训) of
  the township child supervisors and village child directors.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.children.models import THROUGH_CHILD
from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule


class RegistryCategory(models.TextChoices):
    """The registry's categories, as the yearly report counts them."""

    LEFT_BEHIND = "left_behind", _("Left-behind child")
    ORPHAN = "orphan", _("Scattered orphan")
    DE_FACTO = "de_facto", _("De facto unsupported child")
    IN_DIFFICULTY = "in_difficulty", _("Child in difficulty")


# Category -> the boolean column on the file.
CATEGORY_COLUMNS = {
    RegistryCategory.LEFT_BEHIND: "is_left_behind",
    RegistryCategory.ORPHAN: "is_orphan",
    RegistryCategory.DE_FACTO: "is_de_facto_unsupported",
    RegistryCategory.IN_DIFFICULTY: "is_in_difficulty",
}


class CategoryEndReason(models.TextChoices):
    PARENT_RETURNED = "parent_returned", _("A parent came home")
    LEFT_POVERTY = "left_poverty", _("The family left poverty")
    GUARDIAN_FOUND = "guardian_found", _("A guardian now looks after the child")
    AGE = "age", _("The child passed the category's age")
    LEFT_REGISTRY = "left_registry", _("The file left the community registry")
    CORRECTED = "corrected", _("The category was corrected on the file")
    OTHER = "other", _("Other reason (see note)")


class CategoryPeriod(models.Model):
    """A community file in one category from `started_on` until `ended_on` (exclusive; open
    while empty). Written by the registry's services in the transaction of the change."""

    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="category_periods")
    category = models.CharField(_("category"), max_length=14,
                                choices=RegistryCategory.choices)
    # The kind of difficulty of an in-difficulty period ("poverty" is counted apart).
    detail = models.CharField(_("kind"), max_length=12, blank=True)
    division_code = models.CharField(_("division code"), max_length=12)
    started_on = models.DateField(_("in the category from"))
    ended_on = models.DateField(_("in the category until"), null=True, blank=True)
    end_reason = models.CharField(_("why the category ended"), max_length=16,
                                  choices=CategoryEndReason.choices, blank=True)
    note = models.CharField(pgettext_lazy("category period", "note"), max_length=500,
                            blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"),
                                   null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("registry category period")
        verbose_name_plural = _("registry category periods")
        ordering = ["category", "started_on", "id"]
        indexes = [
            # An area's year-end count reads these columns from the index alone (ADR 0017).
            models.Index(fields=["division_code"], name="category_period_area",
                         opclasses=["varchar_pattern_ops"],
                         include=["category", "detail", "started_on", "ended_on"]),
            models.Index(fields=["child", "category"], name="category_period_child"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["child", "category"],
                                    condition=Q(ended_on__isnull=True),
                                    name="category_period_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.category} {self.started_on}–{self.ended_on or ''}"


class GuardianChange(models.Model):
    """Who looks after a community child changed: the next visit sees the new situation."""

    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="guardian_changes")
    changed_on = models.DateField(_("changed on"))
    relation_before = models.CharField(_("before"), max_length=12, blank=True)
    relation_after = models.CharField(_("after"), max_length=12, blank=True)
    name_before = models.CharField(_("guardian before"), max_length=200, blank=True)
    name_after = models.CharField(_("guardian after"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("change of guardian")
        verbose_name_plural = _("changes of guardian")
        ordering = ["-changed_on", "-id"]
        indexes = [models.Index(fields=["child", "changed_on"], name="guardian_change_child")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.changed_on}"


class TrainingCourse(TrackedModel):
    """A training course (业务培训) the county institution gave its supervisors and
    directors."""

    county_code = models.CharField(_("county"), max_length=6, editable=False)
    topic = models.CharField(_("topic"), max_length=300)
    held_on = models.DateField(_("held on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    trainer = models.CharField(_("trainer"), max_length=200)
    place = models.CharField(pgettext_lazy("training", "place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="county_code")

    class Meta:
        verbose_name = _("training course")
        verbose_name_plural = _("training courses")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["county_code", "held_on"], name="training_county")]

    def __str__(self) -> str:
        return f"{self.topic} {self.held_on}"


class TrainingAttendance(models.Model):
    """A supervisor or director attended a course (one row each)."""

    course = models.ForeignKey(TrainingCourse, verbose_name=_("training course"),
                               on_delete=models.PROTECT, related_name="attendances")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("attended"),
                               on_delete=models.PROTECT, related_name="trainings")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    scope_rule = ScopeRule(division="course__county_code")

    class Meta:
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendances")
        ordering = ["course", "person"]
        indexes = [models.Index(fields=["person", "course"], name="training_person")]
        constraints = [models.UniqueConstraint(fields=["course", "person"],
                                               name="training_attended_once")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.course_id}"
