"""Services to children outside the institution (policy 二(七)).

An institution delivers rehabilitation, medical care or education to a child it does not
care for: a disabled child of a poor family in the community registry, or a child of another
institution. The child's side agrees (the county office of a community child, the director of
the other institution); the delivering institution then opens the service. While it is
agreed the delivering institution sees the service itself, to open or decline it; once open,
also the child's summary and this service's records, through the scope rule below; when it
closes, that access ends.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.care.choices import CareLine, OutsideState
from cwis.care.models.scope import care_scope
from cwis.core.models import TrackedModel


class OutsideService(TrackedModel):
    child = models.ForeignKey("children.Child", verbose_name=_("child"),
                              on_delete=models.PROTECT, related_name="outside_services")
    provider = models.ForeignKey("institutions.Institution",
                                 verbose_name=_("delivering institution"),
                                 on_delete=models.PROTECT, related_name="outside_services")
    line = models.CharField(_("service line"), max_length=16, choices=CareLine.choices)
    state = models.CharField(_("state"), max_length=10, choices=OutsideState.choices,
                             default=OutsideState.AGREED)
    purpose = models.TextField(_("service to deliver"))
    agreed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("agreed by"),
                                  on_delete=models.PROTECT, related_name="+")
    agreed_on = models.DateField(_("agreed on"))
    agreement_reference = models.CharField(_("agreement reference"), max_length=200,
                                           blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_note = models.CharField(_("note on closing"), max_length=500, blank=True)
    history = HistoricalRecords()

    scope_rule = care_scope("")

    class Meta:
        verbose_name = _("service to a child outside the institution")
        verbose_name_plural = _("services to children outside the institution")
        ordering = ["-agreed_on", "-id"]
        indexes = [models.Index(fields=["provider", "state"], name="care_outside_provider")]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "provider", "line"],
                condition=Q(state__in=("agreed", "open")),
                name="care_outside_one_live",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} · {self.get_line_display()}"

    @property
    def is_live(self) -> bool:
        return self.state in (OutsideState.AGREED, OutsideState.OPEN)
