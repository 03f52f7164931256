"""The closed lists a child's file is made of, named after GLOSSARY.md.

Kept apart from the models so that the legal table (`legal.py`) and the models can both use
them without importing each other.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class ChildStatus(models.TextChoices):
    """Where the file stands. Merged and entered-in-error files are kept, never deleted."""

    IN_CARE = "in_care", _("In care")
    LEFT_CARE = "left_care", _("Left care")
    # A child living at home, registered by the township or village (摸底排查、登记建档).
    IN_COMMUNITY = "in_community", _("In the community registry")
    OFF_REGISTER = "off_register", _("Removed from the community registry")
    MERGED = "merged", _("Merged into another file")
    ENTERED_IN_ERROR = "entered_in_error", _("Entered in error")


# Files that count as the child's one file: a merged or erroneous file does not.
LIVE_STATUSES = (
    ChildStatus.IN_CARE, ChildStatus.LEFT_CARE, ChildStatus.IN_COMMUNITY, ChildStatus.OFF_REGISTER
)
CLOSED_STATUSES = (
    ChildStatus.LEFT_CARE, ChildStatus.OFF_REGISTER, ChildStatus.MERGED,
    ChildStatus.ENTERED_IN_ERROR,
)


class DifficultyKind(models.TextChoices):
    """Why a child is in difficulty (困境儿童), GLOSSARY.md."""

    POVERTY = "poverty", _("Family poverty: living, medical care or schooling")
    DISABILITY = "disability", _("Own disability: rehabilitation, care, social integration")
    GUARDIANSHIP = "guardianship", _(
        "Missing or improper guardianship: abuse, abandonment, injury, unlawful harm"
    )


class LeftBehindSituation(models.TextChoices):
    """Why a rural child under 16 counts as left behind (农村留守儿童)."""

    BOTH_AWAY = "both_away", _("Both parents work away from home")
    ONE_AWAY_OTHER_UNABLE = "one_away", _("One parent works away, the other cannot care")


class GuardianRelation(models.TextChoices):
    """Who looks after a child living in the community."""

    PARENT = "parent", _("Parent")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Adult sibling")
    RELATIVE = "relative", _("Other relative")
    FRIEND = "friend", _("Friend or neighbour entrusted by the parents")
    NONE = "none", _("Nobody (the child lives alone)")


class RegistryExitReason(models.TextChoices):
    """Why a child leaves the community registry (动态更新)."""

    NO_LONGER_ELIGIBLE = "not_eligible", _("No longer meets the conditions")
    AGE = "age", _("Reached the age limit")
    MOVED_AWAY = "moved_away", _("Moved out of the area")
    TAKEN_INTO_CARE = "into_care", _("Taken into civil affairs care")
    DEATH = "death", _("Died")
    OTHER = "other", _("Other reason (see note)")


class IdentityStatus(models.TextChoices):
    PENDING = "pending", _("To be verified")
    VERIFIED = "verified", _("Verified")
    UNIDENTIFIABLE = "unidentifiable", _("Cannot be established")


class HukouType(models.TextChoices):
    INSTITUTION_COLLECTIVE = "institution_collective", _("Institution collective household")
    FAMILY = "family", _("Family household")
    OTHER_COLLECTIVE = "other_collective", _("Other collective household")
    NOT_REGISTERED = "not_registered", _("Not yet registered")


class GuardianKind(models.TextChoices):
    LONG_TERM = "long_term", _("Civil affairs long-term guardianship")
    TEMPORARY = "temporary", _("Civil affairs temporary guardianship")
    OTHER = "other", _("Other guardian")


class GuardianshipSituation(models.TextChoices):
    """The situations of the Minors Protection Law (2020 revision): art. 94 for long-term
    guardianship, art. 92 for temporary guardianship, and "other, per law" with a note."""

    LT_NOT_FOUND = "mpl94_1", _("Art. 94 (1): parents or other guardians cannot be found")
    LT_DEAD = "mpl94_2", _(
        "Art. 94 (2): the guardian died or was declared dead and nobody else can be guardian"
    )
    LT_INCAPABLE = "mpl94_3", _(
        "Art. 94 (3): the guardian lost capacity and nobody else can be guardian"
    )
    LT_REVOKED = "mpl94_4", _(
        "Art. 94 (4): a court revoked the guardian's qualification and appointed civil affairs"
    )
    LT_OTHER = "mpl94_5", _("Art. 94 (5): other situations set by law")
    TMP_UNIDENTIFIED = "mpl92_1", _(
        "Art. 92 (1): vagrant, begging or unidentified child whose parents cannot be found "
        "for now"
    )
    TMP_WHEREABOUTS = "mpl92_2", _(
        "Art. 92 (2): the guardian's whereabouts are unknown and nobody else can be guardian"
    )
    TMP_CANNOT_ACT = "mpl92_3", _(
        "Art. 92 (3): the guardian cannot act for objective reasons or because of a disaster, "
        "accident or public-health emergency"
    )
    TMP_NEGLECT = "mpl92_4", _(
        "Art. 92 (4): the guardian refuses or neglects care, leaving the child unattended"
    )
    TMP_CRIME = "mpl92_5", _(
        "Art. 92 (5): the guardian incites or uses the child to commit crimes and the child "
        "must be removed"
    )
    TMP_HARM = "mpl92_6", _(
        "Art. 92 (6): serious harm from the guardian or a threat to safety; emergency "
        "placement needed"
    )
    TMP_OTHER = "mpl92_7", _("Art. 92 (7): other situations set by law")
    OTHER = "other", _("Other, per law (see the note)")


SITUATION_KIND: dict[str, str] = {
    **{s: GuardianKind.LONG_TERM for s in GuardianshipSituation.values if s.startswith("mpl94")},
    **{s: GuardianKind.TEMPORARY for s in GuardianshipSituation.values if s.startswith("mpl92")},
    GuardianshipSituation.OTHER: GuardianKind.OTHER,
}


class IntakeCategory(models.TextChoices):
    """Why an institution receives the child; it decides the documents kept at intake."""

    FOUND_CHILD = "found_child", _("Found child whose parents cannot be found")
    TRAFFICKING_RESCUED = "trafficking_rescued", _("Child rescued from trafficking")
    STREET_CHILD = "street_child", _("Street child still unidentified after 3 months")
    PARENTS_DEAD = "parents_dead", _(
        "Parents dead or declared dead (or missing) with no other guardian"
    )
    PARENTS_INCAPABLE = "parents_incapable", _("Parents without capacity and no other guardian")
    COURT_APPOINTED = "court_appointed", _("Court appointed civil affairs as guardian")
    OTHER_BY_LAW = "other_by_law", _("Other case where law makes civil affairs the guardian")
    TEMPORARY_WARD = "temporary_ward", _("Child under civil affairs temporary guardianship")
    EXTREME_POVERTY = "extreme_poverty", _(
        "Person in extreme poverty under 18 needing centralised support"
    )


# Categories for which intake starts the search-for-family notice and the identity and
# medical insurance checks: the child's parents cannot be found (policy part 三(二)).
PARENTS_NOT_FOUND_CATEGORIES = frozenset(
    {IntakeCategory.FOUND_CHILD, IntakeCategory.TRAFFICKING_RESCUED, IntakeCategory.STREET_CHILD}
)

# Which guardianship situations fit each intake category.
CATEGORY_SITUATIONS: dict[str, frozenset[str]] = {
    IntakeCategory.FOUND_CHILD: frozenset(
        {GuardianshipSituation.LT_NOT_FOUND, GuardianshipSituation.TMP_UNIDENTIFIED}
    ),
    IntakeCategory.TRAFFICKING_RESCUED: frozenset(
        {GuardianshipSituation.LT_NOT_FOUND, GuardianshipSituation.TMP_UNIDENTIFIED}
    ),
    IntakeCategory.STREET_CHILD: frozenset(
        {GuardianshipSituation.LT_NOT_FOUND, GuardianshipSituation.TMP_UNIDENTIFIED}
    ),
    IntakeCategory.PARENTS_DEAD: frozenset(
        {GuardianshipSituation.LT_DEAD, GuardianshipSituation.TMP_WHEREABOUTS}
    ),
    IntakeCategory.PARENTS_INCAPABLE: frozenset({GuardianshipSituation.LT_INCAPABLE}),
    IntakeCategory.COURT_APPOINTED: frozenset({GuardianshipSituation.LT_REVOKED}),
    IntakeCategory.OTHER_BY_LAW: frozenset(
        {GuardianshipSituation.LT_OTHER, GuardianshipSituation.OTHER}
    ),
    IntakeCategory.TEMPORARY_WARD: frozenset(
        s for s, kind in SITUATION_KIND.items() if kind == GuardianKind.TEMPORARY
    ),
    IntakeCategory.EXTREME_POVERTY: frozenset({GuardianshipSituation.OTHER}),
}


class DisabilityType(models.TextChoices):
    """GB/T 26341."""

    VISUAL = "visual", _("Visual disability")
    HEARING = "hearing", _("Hearing disability")
    SPEECH = "speech", _("Speech disability")
    PHYSICAL = "physical", _("Physical disability")
    INTELLECTUAL = "intellectual", _("Intellectual disability")
    MENTAL = "mental", _("Mental disability")
    MULTIPLE = "multiple", _("Multiple disabilities")


class DisabilityGrade(models.IntegerChoices):
    GRADE_1 = 1, _("Grade 1")
    GRADE_2 = 2, _("Grade 2")
    GRADE_3 = 3, _("Grade 3")
    GRADE_4 = 4, _("Grade 4")


class InsuranceStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    NOT_ENROLLED = "not_enrolled", _("Not enrolled")
    PENDING = "pending", _("To be checked")


class EducationStatus(models.TextChoices):
    NOT_SCHOOL_AGE = "not_school_age", _("Not yet of school age")
    PRESCHOOL = "preschool", _("Preschool")
    PRIMARY = "primary", _("Primary school")
    JUNIOR_SECONDARY = "junior_secondary", _("Junior secondary school")
    SENIOR_SECONDARY = "senior_secondary", _("Senior secondary school")
    VOCATIONAL = "vocational", _("Vocational school")
    SPECIAL = "special", _("Special education")
    HIGHER = "higher", _("Higher education")
    NOT_ATTENDING = "not_attending", _("Of school age, not attending")


class PlacementKind(models.TextChoices):
    INSTITUTION = "institution", _("In the institution")
    FAMILY_RESIDENCE = "family_residence", _("Family-style residence")
    FOSTER_FAMILY = "foster_family", _("Foster family")


class LeaveReason(models.TextChoices):
    FAMILY = "family", _("Parents or guardian found, or guardianship restored")
    ADOPTION = "adoption", _("Adopted")
    ADULTHOOD = "adulthood", _("Reached 18")
    TRANSFER = "transfer", _("Transferred out of the institution system")
    DEATH = "death", _("Died")
    OTHER_BY_LAW = "other_by_law", _("Other case set by law")


class AdultPlacement(models.TextChoices):
    """Placement on reaching adulthood (成年后安置)."""

    EMPLOYMENT = "employment", _("Employment, living independently")
    EMPLOYMENT_ASSISTANCE = "employment_assistance", _("Employment assistance")
    ARMY = "army", _("Army enlistment")
    FURTHER_EDUCATION = "further_education", _("Further education")
    SOCIAL_WELFARE_INSTITUTION = "social_welfare_institution", _(
        "Moved to a social welfare institution"
    )
    EXTREME_POVERTY_SUPPORT = "extreme_poverty_support", _("Support for persons in extreme poverty")


class DocumentKind(models.TextChoices):
    POLICE_FOUND_REPORT = "police_found_report", _("Police report of the finding")
    SEARCH_NOTICE = "search_notice", _("Search-for-family notice")
    ACCEPTANCE_OPINION = "acceptance_opinion", _("Civil affairs acceptance opinion")
    TRAFFICKING_CARE_NOTICE = "trafficking_care_notice", _(
        "Temporary care notice for a trafficking-rescued child"
    )
    DNA_RESULT = "dna_result", _("DNA comparison result")
    PARENTS_NOT_FOUND_PROOF = "parents_not_found_proof", _(
        "Proof that the parents were not found"
    )
    PROTECTION_SEARCH_NOTICE = "protection_search_notice", _(
        "Protection institution's search-for-family notice"
    )
    COURT_JUDGMENT = "court_judgment", _("Court judgment")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth medical certificate")
    HUKOU_RECORD = "hukou_record", _("Hukou record")
    DISABILITY_CERTIFICATE = "disability_certificate", _("Disability certificate")
    INSURANCE_PROOF = "insurance_proof", _("Medical insurance enrolment proof")
    ADOPTION_CERTIFICATE = "adoption_certificate", _("Adoption registration certificate")
    DEATH_CERTIFICATE = "death_certificate", _("Death certificate")
    LEAVING_RECORD = "leaving_record", _("Leaving care record")
    OTHER = "other", _("Other document")


# Documents kept at intake (2018 measures art. 10; GLOSSARY.md "Documents kept at intake").
REQUIRED_DOCUMENTS: dict[str, tuple[str, ...]] = {
    IntakeCategory.FOUND_CHILD: (
        DocumentKind.POLICE_FOUND_REPORT,
        DocumentKind.SEARCH_NOTICE,
        DocumentKind.ACCEPTANCE_OPINION,
    ),
    IntakeCategory.TRAFFICKING_RESCUED: (
        DocumentKind.TRAFFICKING_CARE_NOTICE,
        DocumentKind.DNA_RESULT,
        DocumentKind.PARENTS_NOT_FOUND_PROOF,
        DocumentKind.SEARCH_NOTICE,
        DocumentKind.ACCEPTANCE_OPINION,
    ),
    IntakeCategory.STREET_CHILD: (
        DocumentKind.DNA_RESULT,
        DocumentKind.PROTECTION_SEARCH_NOTICE,
        DocumentKind.ACCEPTANCE_OPINION,
    ),
}


class DeadlineKind(models.TextChoices):
    SEARCH_NOTICE = "search_notice", _("Search notice period ends: formal admission and hukou")
    IDENTITY_INSURANCE = "identity_insurance", _(
        "Verify identity and medical insurance enrolment"
    )
    INTAKE_DOCUMENTS = "intake_documents", _("Intake documents missing")
    TURNS_18 = "turns_18", _("Turns 18: placement on reaching adulthood")
    COMMUNITY_VISIT = "community_visit", _("Visit the child and update the record")
    COMMUNITY_FOLLOW_UP = "community_follow_up", _("Follow up on what the last visit found")


class DeadlineOutcome(models.TextChoices):
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("No longer needed")


class Ethnicity(models.TextChoices):
    """GB/T 3304 codes."""

    HAN = "01", pgettext_lazy("ethnic group", "Han")
    MONGOL = "02", pgettext_lazy("ethnic group", "Mongol")
    HUI = "03", pgettext_lazy("ethnic group", "Hui")
    TIBETAN = "04", pgettext_lazy("ethnic group", "Tibetan")
    UYGHUR = "05", pgettext_lazy("ethnic group", "Uyghur")
    MIAO = "06", pgettext_lazy("ethnic group", "Miao")
    YI = "07", pgettext_lazy("ethnic group", "Yi")
    ZHUANG = "08", pgettext_lazy("ethnic group", "Zhuang")
    BOUYEI = "09", pgettext_lazy("ethnic group", "Bouyei")
    KOREAN = "10", pgettext_lazy("ethnic group", "Korean")
    MANCHU = "11", pgettext_lazy("ethnic group", "Manchu")
    DONG = "12", pgettext_lazy("ethnic group", "Dong")
    YAO = "13", pgettext_lazy("ethnic group", "Yao")
    BAI = "14", pgettext_lazy("ethnic group", "Bai")
    TUJIA = "15", pgettext_lazy("ethnic group", "Tujia")
    HANI = "16", pgettext_lazy("ethnic group", "Hani")
    KAZAKH = "17", pgettext_lazy("ethnic group", "Kazakh")
    DAI = "18", pgettext_lazy("ethnic group", "Dai")
    LI = "19", pgettext_lazy("ethnic group", "Li")
    LISU = "20", pgettext_lazy("ethnic group", "Lisu")
    VA = "21", pgettext_lazy("ethnic group", "Va")
    SHE = "22", pgettext_lazy("ethnic group", "She")
    GAOSHAN = "23", pgettext_lazy("ethnic group", "Gaoshan")
    LAHU = "24", pgettext_lazy("ethnic group", "Lahu")
    SHUI = "25", pgettext_lazy("ethnic group", "Shui")
    DONGXIANG = "26", pgettext_lazy("ethnic group", "Dongxiang")
    NAXI = "27", pgettext_lazy("ethnic group", "Naxi")
    JINGPO = "28", pgettext_lazy("ethnic group", "Jingpo")
    KYRGYZ = "29", pgettext_lazy("ethnic group", "Kyrgyz")
    TU = "30", pgettext_lazy("ethnic group", "Tu")
    DAUR = "31", pgettext_lazy("ethnic group", "Daur")
    MULAO = "32", pgettext_lazy("ethnic group", "Mulao")
    QIANG = "33", pgettext_lazy("ethnic group", "Qiang")
    BLANG = "34", pgettext_lazy("ethnic group", "Blang")
    SALAR = "35", pgettext_lazy("ethnic group", "Salar")
    MAONAN = "36", pgettext_lazy("ethnic group", "Maonan")
    GELAO = "37", pgettext_lazy("ethnic group", "Gelao")
    XIBE = "38", pgettext_lazy("ethnic group", "Xibe")
    ACHANG = "39", pgettext_lazy("ethnic group", "Achang")
    PUMI = "40", pgettext_lazy("ethnic group", "Pumi")
    TAJIK = "41", pgettext_lazy("ethnic group", "Tajik")
    NU = "42", pgettext_lazy("ethnic group", "Nu")
    UZBEK = "43", pgettext_lazy("ethnic group", "Uzbek")
    RUSSIAN = "44", pgettext_lazy("ethnic group", "Russian")
    EVENKI = "45", pgettext_lazy("ethnic group", "Evenki")
    DEANG = "46", pgettext_lazy("ethnic group", "De'ang")
    BONAN = "47", pgettext_lazy("ethnic group", "Bonan")
    YUGUR = "48", pgettext_lazy("ethnic group", "Yugur")
    GIN = "49", pgettext_lazy("ethnic group", "Gin")
    TATAR = "50", pgettext_lazy("ethnic group", "Tatar")
    DERUNG = "51", pgettext_lazy("ethnic group", "Derung")
    OROQEN = "52", pgettext_lazy("ethnic group", "Oroqen")
    HEZHEN = "53", pgettext_lazy("ethnic group", "Hezhen")
    MONBA = "54", pgettext_lazy("ethnic group", "Monba")
    LHOBA = "55", pgettext_lazy("ethnic group", "Lhoba")
    JINO = "56", pgettext_lazy("ethnic group", "Jino")
    OTHER = "97", pgettext_lazy("ethnic group", "Other, not identified")
    NATURALISED = "98", pgettext_lazy("ethnic group", "Chinese citizen of foreign origin")
