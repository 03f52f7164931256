"""The care lines and the states of their records (policy 二(二)–(四), (六))."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cwis.core.permissions import Perm


class CareLine(models.TextChoices):
    """The four service lines; social work includes psychological support."""

    MEDICAL = "medical", _("Medical care")
    REHABILITATION = "rehabilitation", _("Rehabilitation")
    EDUCATION = "education", pgettext_lazy("care line", "Education")
    SOCIAL_WORK = "social_work", _("Social work")


# Who writes each line (and reads its clinical records): doctors medical care, therapists
# rehabilitation, teachers education, social workers social work (cwis.core.permissions).
LINE_PERM: dict[str, Perm] = {
    CareLine.MEDICAL: Perm.CARE_MEDICAL,
    CareLine.REHABILITATION: Perm.CARE_REHABILITATION,
    CareLine.EDUCATION: Perm.CARE_EDUCATION,
    CareLine.SOCIAL_WORK: Perm.CARE_SOCIAL_WORK,
}


class PlanStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the director's approval")
    ACTIVE = "active", _("Approved, in progress")
    CLOSED = "closed", pgettext_lazy("care plan", "Closed")


class CloseReason(models.TextChoices):
    REVIEWED = "reviewed", _("Reviewed")
    LEFT_CARE = "left_care", _("The child left care")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SERVICE_CLOSED = "service_closed", _("The service to the child ended")


class GoalsMet(models.TextChoices):
    MET = "met", _("Goals met")
    PARTLY = "partly", _("Goals partly met")
    NOT_MET = "not_met", _("Goals not met")


class ProviderKind(models.TextChoices):
    """Who delivered a session when it was not the institution's own staff."""

    ORGANISATION = "organisation", _("Outside organisation")
    VOLUNTEERS = "volunteers", _("Volunteer group")
    HOSPITAL = "hospital", _("Hospital or medical institution")
    REHABILITATION = "rehabilitation", _("Rehabilitation institution")


class OutsideState(models.TextChoices):
    """A service to a child not in the delivering institution's care (policy 二(七))."""

    AGREED = "agreed", _("Agreed by the child's office or institution, not yet opened")
    OPEN = "open", pgettext_lazy("care service", "Open")
    CLOSED = "closed", pgettext_lazy("care service", "Closed")
    DECLINED = "declined", _("Declined by the institution")


# Lines an institution may deliver to a child outside its care (policy 二(七)): rehabilitation
# and other services to disabled children outside; medical care and rehabilitation to other
# institutions' children by an institution holding a medical practice licence.
OUTSIDE_LINES = (CareLine.MEDICAL, CareLine.REHABILITATION, CareLine.EDUCATION)


class VisitKind(models.TextChoices):
    OUTPATIENT = "outpatient", _("Outpatient visit")
    INPATIENT = "inpatient", _("Hospital stay")


class EnrolmentState(models.TextChoices):
    """A child's basic medical insurance enrolment; the medical insurance office's answer
    moves it (applied -> enrolled or refused)."""

    APPLIED = "applied", _("Applied, awaiting the medical insurance office")
    ENROLLED = "enrolled", _("Enrolled")
    REFUSED = "refused", _("Refused")
    ENDED = "ended", _("Ended")


class AssistanceState(models.TextChoices):
    """An application for rehabilitation assistance for disabled children (残疾儿童康复救助),
    answered by the county disabled persons' federation."""

    APPLIED = "applied", _("Applied, awaiting the disabled persons' federation")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class SchoolStage(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("Kindergarten")
    PRIMARY = "primary", _("Primary school")
    JUNIOR_SECONDARY = "junior_secondary", _("Junior secondary school")
    SENIOR_SECONDARY = "senior_secondary", _("Senior secondary school")
    VOCATIONAL = "vocational", _("Vocational school")


class SchoolKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary school (inclusive kindergarten or public school)")
    SPECIAL_SCHOOL = "special_school", _("Special education school")
    IN_HOUSE = "in_house", _("School or class inside the institution")
    HOME_TEACHING = "home_teaching", _("Teaching delivered to the child")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    REPORTED = "reported", _("Reported to the education department")
