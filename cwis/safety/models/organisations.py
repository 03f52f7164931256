"""Social organisations, social work agencies and volunteers brought into protection work
(policy 三(三)): who (with the unified social credit code), the services, and each
engagement's form — entrusted by the government (政府委托), project cooperation (项目合作),
recommended (重点推介), incubated (孵化扶持) — with its term and amount; volunteers with their
training and service hours. An organisation works with a county, or with one institution of
it; it may be named as the provider of a care session (cwis.care)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule

ORGANISATION_SCOPE = ScopeRule(division="county_code", institution="institution_id")


class OrganisationKind(models.TextChoices):
    SOCIAL_ORGANISATION = "social_organisation", _("Social organisation")
    SOCIAL_WORK_AGENCY = "social_work_agency", _("Social work agency")
    VOLUNTEER_GROUP = "volunteer_group", _("Volunteer group")


class EngagementForm(models.TextChoices):
    ENTRUSTED = "entrusted", _("Entrusted by the government")
    PROJECT = "project", _("Project cooperation")
    RECOMMENDED = "recommended", _("Recommended")
    INCUBATION = "incubation", _("Incubation and support")


class SocialOrganisation(TrackedModel):
    county_code = models.CharField(_("county"), max_length=6)
    institution = models.ForeignKey("institutions.Institution",
                                    verbose_name=_("working with the institution"), null=True,
                                    blank=True, on_delete=models.PROTECT,
                                    related_name="social_organisations")
    name = models.CharField(pgettext_lazy("not a person", "Name"), max_length=200)
    uscc = models.CharField(_("unified social credit code"), max_length=18)
    kind = models.CharField(_("kind of organisation"), max_length=20,
                            choices=OrganisationKind.choices)
    services = models.TextField(_("services"))
    contact_person = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    history = HistoricalRecords()

    scope_rule = ORGANISATION_SCOPE

    class Meta:
        verbose_name = _("social organisation")
        verbose_name_plural = _("social organisations")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["county_code"], name="safety_org_county")]

    def __str__(self) -> str:
        return self.name


class Engagement(TrackedModel):
    organisation = models.ForeignKey(SocialOrganisation, verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="engagements")
    form = models.CharField(_("form of engagement"), max_length=12,
                            choices=EngagementForm.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2,
                                 null=True, blank=True)
    contract_reference = models.CharField(_("contract or agreement"), max_length=200,
                                          blank=True)
    services = models.TextField(_("services engaged"))
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="organisation__county_code",
                           institution="organisation__institution_id")

    class Meta:
        verbose_name = _("engagement of an organisation")
        verbose_name_plural = _("engagements of organisations")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.starts_on}"


class Volunteer(TrackedModel):
    county_code = models.CharField(_("county"), max_length=6)
    institution = models.ForeignKey("institutions.Institution",
                                    verbose_name=_("working with the institution"), null=True,
                                    blank=True, on_delete=models.PROTECT,
                                    related_name="volunteers")
    organisation = models.ForeignKey(SocialOrganisation, verbose_name=_("volunteer group"),
                                     null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="volunteers")
    name = models.CharField(pgettext_lazy("person", "name"), max_length=100)
    phone = models.CharField(_("telephone"), max_length=30, blank=True)
    trained_on = models.DateField(_("trained on"), null=True, blank=True)
    training = models.CharField(_("training"), max_length=300, blank=True)
    hours = models.DecimalField(_("service hours"), max_digits=8, decimal_places=1, default=0)
    history = HistoricalRecords()

    scope_rule = ORGANISATION_SCOPE

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name", "id"]
        indexes = [models.Index(fields=["county_code"], name="safety_volunteer_county")]

    def __str__(self) -> str:
        return self.name


class VolunteerService(models.Model):
    """Hours a volunteer served on a day; the volunteer's total is their sum."""

    volunteer = models.ForeignKey(Volunteer, verbose_name=_("volunteer"),
                                  on_delete=models.PROTECT, related_name="services")
    served_on = models.DateField(_("served on"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1)
    activity = models.CharField(_("what was done"), max_length=300)
    history = HistoricalRecords()

    scope_rule = ScopeRule(division="volunteer__county_code",
                           institution="volunteer__institution_id")

    class Meta:
        verbose_name = _("volunteer service")
        verbose_name_plural = _("volunteer services")
        ordering = ["-served_on", "-id"]

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.served_on}"
