"""The community children registry (policy 三(二): 摸底排查、登记建档、动态更新).

A community child's file is a `children.Child` with status `in_community` (one child, one
file, DESIGN.md): this module adds what hangs on it, the visits of the village child
director, the township child supervisor or the county protection worker. Visits are never
deleted; they keep their history.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cwis.children.models import THROUGH_CHILD
from cwis.core.models import TrackedModel


class VisitMethod(models.TextChoices):
    HOME = "home", _("Home visit")
    TELEPHONE = "telephone", _("Telephone call")
    SCHOOL = "school", _("At school")
    OTHER = "other", _("Other")


class CommunityVisit(TrackedModel):
    """A visit to a community child: how the child lives now and what the child needs."""

    child = models.ForeignKey(
        "children.Child", verbose_name=_("child"), on_delete=models.PROTECT,
        related_name="community_visits",
    )
    visited_on = models.DateField(_("visited on"))
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("visited by"), on_delete=models.PROTECT,
        related_name="+",
    )
    method = models.CharField(_("how"), max_length=10, choices=VisitMethod.choices)
    situation = models.TextField(_("how the child lives now"))
    needs = models.TextField(_("needs"), blank=True)
    follow_up_needed = models.BooleanField(_("follow-up needed"), default=False)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    scope_rule = THROUGH_CHILD

    class Meta:
        verbose_name = _("community visit")
        verbose_name_plural = _("community visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["child", "visited_on"], name="community_visit_child")]

    def __str__(self) -> str:
        return f"{self.child} {self.visited_on}"


from cwis.protection.models.cases import (  # noqa: E402, F401 - the casework models
    Art92Situation,
    CaseAccessReason,
    CaseFollowUp,
    CaseOutcome,
    CaseState,
    CountyCaseSettings,
    EmergencyPlacement,
    GuardianshipAssessment,
    ProtectionCase,
    Recommendation,
    ReporterKind,
)
from cwis.protection.models.conferences import (  # noqa: E402, F401
    CaseConference,
    ConferenceDecision,
    ConferenceParticipant,
    DepartmentKind,
)
from cwis.protection.models.county_work import (  # noqa: E402, F401
    AudienceKind,
    GuidanceVisit,
    PolicyTalk,
    Workstation,
    WorkstationStatus,
)
from cwis.protection.models.emotional_care import (  # noqa: E402, F401
    AT_RISK_LEVELS,
    CareSession,
    InterventionPlan,
    InterventionReview,
    RiskLevel,
)
from cwis.protection.models.referrals import (  # noqa: E402, F401
    RecipientKind,
    Referral,
    ReferralService,
    ReferralState,
)
from cwis.protection.models.registry import (  # noqa: E402, F401
    CATEGORY_COLUMNS,
    CategoryEndReason,
    CategoryPeriod,
    GuardianChange,
    RegistryCategory,
    TrainingAttendance,
    TrainingCourse,
)
