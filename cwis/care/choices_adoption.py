"""The states and choices of the upbringing assessment and of adoption (policy 二(一))."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssessmentOccasion(models.TextChoices):
    INTAKE = "intake", _("At intake")
    YEARLY = "yearly", _("Yearly reassessment")
    CHANGE = "change", _("A change in the child's situation")


class LegalStatus(models.TextChoices):
    """The child's legal situation as it decides eligibility for adoption (Civil Code art.
    1093): an orphan; parents not found after the public search notice; guardianship
    decided by a court. The last choice is a child who may not be adopted."""

    ORPHAN = "orphan", _("Orphan (both parents dead or declared dead)")
    PARENTS_NOT_FOUND = "not_found", _("Parents not found after the public search notice")
    COURT_GUARDIANSHIP = "court", _("Guardianship decided by a court")
    NOT_ELIGIBLE = "not_eligible", _("Parents known or other situation: not adoptable")


ADOPTABLE = (LegalStatus.ORPHAN, LegalStatus.PARENTS_NOT_FOUND, LegalStatus.COURT_GUARDIANSHIP)


class ChildWish(models.TextChoices):
    """What the child says of adoption: asked from 8 years of age (Civil Code art. 1104)."""

    AGREES = "agrees", _("The child agrees to adoption")
    DISAGREES = "disagrees", _("The child does not agree to adoption")
    TOO_YOUNG = "too_young", _("Under 8: the child's wishes heard as far as possible")


class UpbringingPath(models.TextChoices):
    ADOPTION = "adoption", _("Adoption")
    FOSTER_FAMILY = "foster_family", pgettext_lazy("upbringing path", "Family foster care")
    FAMILY_RESIDENCE = "family_residence", pgettext_lazy("upbringing path",
                                                         "Family-style residence")
    INSTITUTION = "institution", _("Stay in the institution")
    REUNIFICATION = "reunification", _("Reunification with the family")


class UpbringingStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the director's confirmation")
    CONFIRMED = "confirmed", _("Confirmed by the director")
    CLOSED = "closed", pgettext_lazy("upbringing assessment", "Closed")


class UpbringingCloseReason(models.TextChoices):
    SUPERSEDED = "superseded", _("Replaced by a newer assessment")
    LEFT_CARE = "left_care", _("The child left care")


class AdoptionState(models.TextChoices):
    """A child's adoption, from the director's confirmed recommendation."""

    RECOMMENDED = "recommended", _("Recommended for adoption, not yet listed")
    LISTED = "listed", _("Listed for adoption")
    MATCHED = "matched", _("Matched with adopters")
    REGISTERED = "registered", _("Adoption registered")
    WITHDRAWN = "withdrawn", _("No longer for adoption")


class AdoptionKind(models.TextChoices):
    DOMESTIC = "domestic", _("Domestic adoption")
    INTERCOUNTRY = "intercountry", _("Intercountry adoption")


class ApplicationState(models.TextChoices):
    RECEIVED = "received", _("Received, adopter assessment pending")
    SUITABLE = "suitable", _("Assessed: suitable to adopt")
    UNSUITABLE = "unsuitable", _("Assessed: not suitable to adopt")
    MATCHED = "matched", _("Matched with a child")
    ADOPTED = "adopted", _("Adopted a child")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicants")


class AssessedBy(models.TextChoices):
    INSTITUTION = "institution", _("The institution")
    ENTRUSTED = "entrusted", _("An entrusted organisation")


class AssessmentOutcome(models.TextChoices):
    SUITABLE = "suitable", _("Suitable to adopt")
    UNSUITABLE = "unsuitable", _("Not suitable to adopt")


class MatchState(models.TextChoices):
    MATCHED = "matched", _("Matched, registration pending")
    REGISTERED = "registered", _("Adoption registered")
    ENDED = "ended", _("Match ended")
