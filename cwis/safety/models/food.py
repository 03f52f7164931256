"""Food safety of the institution's canteen (policy 四(二), with market supervision): the
canteen's licence and the staff's health certificates with their expiry (an alert before
it), and the daily food sample retention log (留样). Inspections of food safety are
inspections of the area "food" (inspections.py), also by market supervision."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.safety.models.inspections import INSTITUTION_SCOPE


class CertificateKind(models.TextChoices):
    CANTEEN_LICENCE = "canteen_licence", _("Canteen food business licence")
    HEALTH = "health", _("Food handler's health certificate")


class FoodCertificate(TrackedModel):
    institution = models.ForeignKey("institutions.Institution", verbose_name=_("institution"),
                                    on_delete=models.PROTECT, related_name="food_certificates")
    kind = models.CharField(_("kind of certificate"), max_length=20,
                            choices=CertificateKind.choices)
    holder = models.CharField(_("holder"), max_length=100)
    number = models.CharField(_("certificate number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    replaced_on = models.DateField(_("replaced on"), null=True, blank=True)
    history = HistoricalRecords()

    scope_rule = INSTITUTION_SCOPE

    class Meta:
        verbose_name = _("food safety certificate")
        verbose_name_plural = _("food safety certificates")
        ordering = ["expires_on", "id"]
        indexes = [models.Index(fields=["institution", "expires_on"],
                                name="safety_cert_inst")]

    def __str__(self) -> str:
        return f"{self.holder} {self.number}"


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", _("Breakfast")
    LUNCH = "lunch", _("Lunch")
    DINNER = "dinner", _("Dinner")
    SNACK = "snack", pgettext_lazy("meal", "Snack")


class FoodSample(TrackedModel):
    """One meal's retained samples (留样): each dish at least `CWIS_SAFETY_SAMPLE_GRAMS`
    grams, kept at least 48 hours."""

    institution = models.ForeignKey("institutions.Institution", verbose_name=_("institution"),
                                    on_delete=models.PROTECT, related_name="food_samples")
    served_on = models.DateField(_("served on"))
    meal = models.CharField(_("meal"), max_length=10, choices=Meal.choices)
    dishes = models.TextField(_("dishes sampled"))
    grams_per_dish = models.PositiveIntegerField(_("grams kept per dish"))
    kept_hours = models.PositiveIntegerField(_("hours kept"), default=48)
    sampled_by = models.CharField(_("sampled by"), max_length=100)
    history = HistoricalRecords()

    scope_rule = INSTITUTION_SCOPE

    class Meta:
        verbose_name = _("food sample")
        verbose_name_plural = _("food samples")
        ordering = ["-served_on", "meal", "-id"]
        constraints = [models.UniqueConstraint(fields=["institution", "served_on", "meal"],
                                               name="safety_sample_one_per_meal")]

    def __str__(self) -> str:
        return f"{self.served_on} {self.get_meal_display()}"
