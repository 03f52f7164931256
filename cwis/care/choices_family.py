"""Choices of family foster care, family-style couples and adult placement (policy 二(一),
二(五); 家庭寄养管理办法)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CarerEducation(models.TextChoices):
    """The carer's schooling: the foster care measures ask for junior middle school at least."""

    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    JUNIOR_MIDDLE = "junior_middle", _("Junior middle school")
    SENIOR_MIDDLE = "senior_middle", _("Senior middle or vocational school")
    HIGHER = "higher", _("College or university")


EDUCATION_ENOUGH = (CarerEducation.JUNIOR_MIDDLE, CarerEducation.SENIOR_MIDDLE,
                    CarerEducation.HIGHER)


class FamilyState(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("foster family", "Registered")
    ENDED = "ended", pgettext_lazy("foster family", "No longer fostering")


class FosterEndReason(models.TextChoices):
    """Why a foster placement ended (家庭寄养管理办法: the agreement ends, the family or the
    institution ends it, the child's situation changes)."""

    RETURNED = "returned", _("Returned to the institution as planned")
    FAMILY_WITHDREW = "family_withdrew", _("The foster family withdrew")
    UNSUITABLE = "unsuitable", _("The family no longer meets the conditions")
    CHILD_NEEDS = "child_needs", _("The child's needs changed")
    AGREEMENT_ENDED = "agreement_ended", _("The foster care agreement ended")
    LEFT_CARE = "left_care", _("The child left care")
    OTHER = "other", pgettext_lazy("reason", "Other")


class Evaluation(models.TextChoices):
    GOOD = "good", _("Good")
    ADEQUATE = "adequate", _("Adequate, with points to improve")
    POOR = "poor", _("Not adequate")


class PathKind(models.TextChoices):
    """The paths of placement on reaching adulthood (成年后安置, policy 二(五))."""

    EMPLOYMENT = "employment", _("Employment")
    ENLISTMENT = "enlistment", _("Army enlistment")
    EDUCATION = "education", _("Further education")
    EXTREME_POVERTY = "extreme_poverty", _("Support for persons in extreme poverty")
    HOUSING = "housing", _("Housing security")


class PathState(models.TextChoices):
    OPEN = "open", pgettext_lazy("adulthood path", "In progress")
    ACHIEVED = "achieved", pgettext_lazy("adulthood path", "Achieved")
    NOT_ACHIEVED = "not_achieved", pgettext_lazy("adulthood path", "Not achieved")
    DROPPED = "dropped", pgettext_lazy("adulthood path", "Dropped")


class StepKind(models.TextChoices):
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training")
    EMPLOYMENT_AID = "employment_aid", _("Registered as a person with employment difficulty, "
                                         "employment aid")
    JOB = "job", _("Job found")
    ENLISTMENT_REGISTRATION = "enlistment_registration", _("Conscription registration")
    ENLISTMENT_PRIORITY = "enlistment_priority", _("Priority for enlistment confirmed")
    ENLISTMENT_RESULT = "enlistment_result", _("Enlistment result")
    SCHOOL_APPLICATION = "school_application", _("Application to a school or university")
    SCHOOL_ADMISSION = "school_admission", _("Admission")
    SUPPORT_APPLICATION = "support_application", _("Application for extreme-poverty support")
    SUPPORT_DECISION = "support_decision", _("Decision on extreme-poverty support")
    HOUSING_APPLICATION = "housing_application", _("Application for housing security")
    HOUSING_RESULT = "housing_result", _("Housing security result")
    OTHER = "other", _("Other step")


# The steps each path takes (the policy's wording, 二(五)); "other" fits every path.
PATH_STEPS: dict[str, tuple[str, ...]] = {
    PathKind.EMPLOYMENT: (StepKind.VOCATIONAL_TRAINING, StepKind.EMPLOYMENT_AID, StepKind.JOB),
    PathKind.ENLISTMENT: (StepKind.ENLISTMENT_REGISTRATION, StepKind.ENLISTMENT_PRIORITY,
                          StepKind.ENLISTMENT_RESULT),
    PathKind.EDUCATION: (StepKind.SCHOOL_APPLICATION, StepKind.SCHOOL_ADMISSION),
    PathKind.EXTREME_POVERTY: (StepKind.SUPPORT_APPLICATION, StepKind.SUPPORT_DECISION),
    PathKind.HOUSING: (StepKind.HOUSING_APPLICATION, StepKind.HOUSING_RESULT),
}

# The department that usually answers for each path: the Excel lists go to them.
PATH_DEPARTMENT = {
    PathKind.EMPLOYMENT: _("Human resources and social security"),
    PathKind.ENLISTMENT: _("Conscription office"),
    PathKind.EDUCATION: _("Education department"),
    PathKind.EXTREME_POVERTY: _("Civil affairs (extreme-poverty support)"),
    PathKind.HOUSING: _("Housing and urban-rural development"),
}


class SupportMode(models.TextChoices):
    CENTRALISED = "centralised", _("Centralised, in a support institution")
    AT_HOME = "at_home", _("At home")


# The child's leave-care adult placement (children.AdultPlacement) and the path it means.
LEAVING_PATH = {
    "employment": PathKind.EMPLOYMENT,
    "employment_assistance": PathKind.EMPLOYMENT,
    "army": PathKind.ENLISTMENT,
    "further_education": PathKind.EDUCATION,
    "social_welfare_institution": PathKind.EXTREME_POVERTY,
    "extreme_poverty_support": PathKind.EXTREME_POVERTY,
}
