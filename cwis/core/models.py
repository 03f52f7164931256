from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cwis.core.scoping import ScopeRule


class DivisionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    PREFECTURE = "prefecture", _("Prefecture")
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")
    VILLAGE = "village", _("Village")


# How many leading digits of a code name the area at each level (GB/T 2260 and the
# statistical extension to 9 and 12 digits). Jurisdiction is a prefix of that length.
LEVEL_PREFIX_LENGTH = {
    DivisionLevel.PROVINCE: 2,
    DivisionLevel.PREFECTURE: 4,
    DivisionLevel.COUNTY: 6,
    DivisionLevel.TOWNSHIP: 9,
    DivisionLevel.VILLAGE: 12,
}


class Division(models.Model):
    """An administrative division (行政区划), with the years its code is valid.

    Codes are revised every year and a withdrawn code may later be reused for another area, so
    a code is unique only among the divisions currently valid (`valid_to` empty).
    """

    code = models.CharField(_("code"), max_length=12, db_index=True)
    name = models.CharField(pgettext_lazy("not a person", "name"), max_length=100)
    level = models.CharField(_("level"), max_length=12, choices=DivisionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"), default=1980)
    valid_to = models.PositiveSmallIntegerField(
        _("withdrawn in (year)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")
        ordering = ["code"]
        # The places of some levels inside a jurisdiction (a place picker): a range of codes
        # of those levels, not every village of a province filtered by level.
        indexes = [models.Index(fields=["level", "code"], name="division_level_code")]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(valid_to__isnull=True),
                name="division_code_unique_while_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def scope_prefix(self) -> str:
        """The code prefix that covers this division and everything under it."""
        return self.code[: LEVEL_PREFIX_LENGTH[self.level]]

    @property
    def is_valid(self) -> bool:
        return self.valid_to is None


class ImmutableQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Audit records cannot be changed.")

    def delete(self):
        raise TypeError("Audit records cannot be deleted.")


class AccessLog(models.Model):
    """Who opened which child's or case's file, when, from where. Append-only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    object_type = models.CharField(_("record type"), max_length=50)
    object_id = models.CharField(_("record"), max_length=64)
    # The jurisdiction the record belonged to when it was viewed: lets the responsible
    # civil affairs office read the log of its own records without joining back.
    division_code = models.CharField(_("division code"), max_length=12, db_index=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    action = models.CharField(_("action"), max_length=30, default="view")

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="accesslog_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit records cannot be deleted.")


class TrackedModel(models.Model):
    """Base for domain records: who created and last changed them, and an edit version.

    `version` is what the client read; services refuse a save that carries an older one
    (DESIGN.md rule 4, see cwis.core.concurrency).
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


class AreaFigureSet(models.Model):
    """One computation of a family of figures for every area of the country (the offices
    above the county read it instead of aggregating millions of rows: cwis.core.area_figures).
    Written whole in one transaction; the older sets of the family are dropped with it."""

    family = models.CharField(_("figures"), max_length=40)
    day = models.DateField(_("day"))  # the `today` the figures were computed for
    computed_at = models.DateTimeField(_("computed at"))
    seconds = models.FloatField(_("seconds taken"), default=0)

    class Meta:
        verbose_name = _("stored figures")
        verbose_name_plural = _("stored figures")
        indexes = [models.Index(fields=["family", "-computed_at"], name="areafigureset_latest")]

    def __str__(self) -> str:
        return f"{self.family} {self.computed_at:%Y-%m-%d %H:%M}"


class AreaFigure(models.Model):
    """The figures of one area in a set: the whole country (''), a province (2 digits), a
    prefecture (4) or a county (6), as {key: count}."""

    figure_set = models.ForeignKey(AreaFigureSet, on_delete=models.CASCADE,
                                   related_name="figures")
    area = models.CharField(_("area"), max_length=6)
    width = models.PositiveSmallIntegerField(_("code length"))
    values = models.JSONField(_("values"), default=dict)

    scope_rule = ScopeRule(division="area")

    class Meta:
        verbose_name = _("stored area figure")
        verbose_name_plural = _("stored area figures")
        indexes = [models.Index(fields=["figure_set", "width", "area"], name="areafigure_area")]

    def __str__(self) -> str:
        return f"{self.area or '-'} {self.values}"


# Background jobs live in their own package; imported here so their migrations are core's.
from cwis.core.jobs.models import Job, JobState  # noqa: E402, F401
