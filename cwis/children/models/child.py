"""A child's file: identity, guardianship, where the child is, health and schooling."""

import uuid
from pathlib import PurePosixPath

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from cwis.children.choices import (
    AdultPlacement,
    ChildStatus,
    DifficultyKind,
    DisabilityGrade,
    DisabilityType,
    EducationStatus,
    Ethnicity,
    GuardianKind,
    GuardianRelation,
    GuardianshipSituation,
    HukouType,
    IdentityStatus,
    InsuranceStatus,
    LeaveReason,
    LeftBehindSituation,
    RegistryExitReason,
    Sex,
)
from cwis.core.crypto import EncryptedCharField, KeyedHashField, search_hashes
from cwis.core.models import TrackedModel
from cwis.core.scoping import ScopeRule

# Records hanging on a child's file are scoped by the file's own columns.
THROUGH_CHILD = ScopeRule(
    division="child__division_code", institution="child__current_institution_id"
)


def _pattern_index(field: str, name: str) -> models.Index:
    # varchar_pattern_ops lets PostgreSQL use the index for LIKE 'prefix%' (scoping, search).
    return models.Index(fields=[field], name=name, opclasses=["varchar_pattern_ops"])


def photo_path(instance: "Child", filename: str) -> str:
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"children/photos/{uuid.uuid4().hex}{suffix}"


class Child(TrackedModel):
    """A child's file: identity, guardianship, where the child is, health and schooling."""

    # Identity
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    former_names = models.CharField(_("former names"), max_length=200, blank=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    birth_date_estimated = models.BooleanField(_("date of birth is estimated"), default=False)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=Ethnicity.choices, blank=True
    )
    # Encrypted at rest (cwis.core.crypto); searched by the full number through the keyed hash.
    citizen_id = EncryptedCharField(_("citizen ID number"), purpose="citizen_id", blank=True)
    citizen_id_hash = KeyedHashField(source="citizen_id", purpose="citizen_id")
    photo = models.FileField(_("photo"), upload_to=photo_path, blank=True, max_length=200)
    identity_status = models.CharField(
        _("identity verification"),
        max_length=16,
        choices=IdentityStatus.choices,
        default=IdentityStatus.PENDING,
    )
    # Denormalised search columns, computed by services from `name` (pypinyin).
    name_pinyin = models.CharField(max_length=200, editable=False, default="")
    name_initials = models.CharField(max_length=50, editable=False, default="")
    # The given name's pinyin (李晓花: xiaohua), for a search by the given name alone.
    given_pinyin = models.CharField(max_length=200, editable=False, default="")
    # Pinyin of the name and of every former name, "|"-separated: the column the trigram index
    # serves a Chinese name fragment from (selectors._search).
    search_pinyin = models.CharField(max_length=500, editable=False, default="")

    # Hukou (registered residence)
    hukou_division = models.ForeignKey(
        "core.Division",
        verbose_name=_("hukou division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    hukou_address = models.CharField(_("hukou address"), max_length=300, blank=True)
    hukou_type = models.CharField(
        _("hukou type"),
        max_length=24,
        choices=HukouType.choices,
        default=HukouType.NOT_REGISTERED,
    )
    hukou_registered_on = models.DateField(_("hukou registered on"), null=True, blank=True)

    # A found child
    found_on = models.DateField(_("found on"), null=True, blank=True)
    found_place = models.CharField(_("place found"), max_length=300, blank=True)
    found_circumstances = models.TextField(_("circumstances of finding"), blank=True)
    police_case_number = models.CharField(_("police case reference"), max_length=100, blank=True)
    search_notice_on = models.DateField(_("search notice published on"), null=True, blank=True)
    formally_admitted_on = models.DateField(_("formally admitted on"), null=True, blank=True)

    # Guardianship
    guardian_kind = models.CharField(
        _("guardianship"), max_length=12, choices=GuardianKind.choices
    )
    # Blank for a child living in the community with their own family as guardian.
    guardianship_situation = models.CharField(
        _("legal situation"), max_length=10, choices=GuardianshipSituation.choices, blank=True
    )
    guardianship_note = models.CharField(_("guardianship note"), max_length=500, blank=True)
    guardian_name = models.CharField(_("guardian"), max_length=200, blank=True)
    guardianship_since = models.DateField(_("guardianship since"))

    # Categories (a child may be in several)
    is_orphan = models.BooleanField(_("orphan"), default=False)
    is_parents_not_found = models.BooleanField(_("parents cannot be found"), default=False)
    is_de_facto_unsupported = models.BooleanField(_("de facto unsupported"), default=False)
    is_left_behind = models.BooleanField(_("left-behind child"), default=False)
    is_in_difficulty = models.BooleanField(_("child in difficulty"), default=False)
    disability_type = models.CharField(
        _("disability type"), max_length=14, choices=DisabilityType.choices, blank=True
    )
    disability_grade = models.PositiveSmallIntegerField(
        _("disability grade"), choices=DisabilityGrade.choices, null=True, blank=True
    )
    disability_certificate = models.CharField(
        _("disability certificate number"), max_length=30, blank=True
    )

    # Health and schooling
    health_summary = models.TextField(_("health summary"), blank=True)
    insurance_status = models.CharField(
        _("medical insurance"),
        max_length=14,
        choices=InsuranceStatus.choices,
        default=InsuranceStatus.PENDING,
    )
    insurance_checked_on = models.DateField(_("insurance checked on"), null=True, blank=True)
    education_status = models.CharField(
        _("education"), max_length=18, choices=EducationStatus.choices, blank=True
    )
    school_name = models.CharField(_("school"), max_length=200, blank=True)

    # The community registry (a child living at home, registered by township or village)
    registered_on = models.DateField(_("registered in the community on"), null=True, blank=True)
    difficulty_kind = models.CharField(
        _("kind of difficulty"), max_length=12, choices=DifficultyKind.choices, blank=True
    )
    left_behind_situation = models.CharField(
        _("left-behind situation"), max_length=10, choices=LeftBehindSituation.choices,
        blank=True,
    )
    guardian_relation = models.CharField(
        _("who looks after the child"), max_length=12, choices=GuardianRelation.choices,
        blank=True,
    )
    guardian_phone = EncryptedCharField(_("guardian's telephone"), purpose="guardian_phone",
                                        blank=True)
    home_address = models.CharField(_("home address"), max_length=300, blank=True)
    registry_closed_on = models.DateField(
        _("removed from the registry on"), null=True, blank=True
    )
    registry_exit_reason = models.CharField(
        _("reason for removal"), max_length=12, choices=RegistryExitReason.choices, blank=True
    )

    # Where the file stands and who is responsible for it
    status = models.CharField(
        _("status"), max_length=18, choices=ChildStatus.choices, default=ChildStatus.IN_CARE
    )
    current_institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("For a closed file, the last institution responsible for the child."),
    )
    division_code = models.CharField(_("division code"), max_length=12, editable=False)

    # Leaving care
    left_care_on = models.DateField(_("left care on"), null=True, blank=True)
    leave_reason = models.CharField(
        _("reason for leaving care"), max_length=14, choices=LeaveReason.choices, blank=True
    )
    adult_placement = models.CharField(
        _("placement on reaching adulthood"),
        max_length=28,
        choices=AdultPlacement.choices,
        blank=True,
    )
    leave_destination = models.CharField(_("went to"), max_length=300, blank=True)
    leave_document_number = models.CharField(_("document number"), max_length=100, blank=True)
    leave_note = models.TextField(_("leaving care note"), blank=True)

    # Closing a file that should not exist
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_files",
    )
    closed_reason = models.CharField(_("reason"), max_length=500, blank=True)

    history = HistoricalRecords()

    scope_rule = ScopeRule(division="division_code", institution="current_institution_id",
                           prefix_indexes=(2, 4, 6))

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["name_pinyin", "id"]
        indexes = [
            _pattern_index("division_code", "child_division"),
            _pattern_index("name_pinyin", "child_name_pinyin"),
            _pattern_index("name_initials", "child_name_initials"),
            models.Index(fields=["citizen_id_hash"], name="child_citizen_id_hash"),
            _pattern_index("given_pinyin", "child_given_pinyin"),
            # The list's order: lets PostgreSQL read a page in order instead of sorting every
            # file in scope (varchar_pattern_ops indexes cannot serve ORDER BY).
            models.Index(fields=["name_pinyin", "id"], name="child_list_order"),
            # The list order within a province, prefecture or county: scoping compares the
            # code's first 2, 4 or 6 characters (ScopeRule.prefix_indexes), so a page is read
            # in order from the area's own rows instead of walking the country's list.
            *(models.Index(Substr("division_code", 1, n), "name_pinyin", "id",
                           name=f"child_list_order_{n}") for n in (2, 4, 6)),
            # One status in a province (children in care among its 400,000 community files):
            # the list-order index above would walk the province filtering 0.3% of rows.
            models.Index(F("status"), Substr("division_code", 1, 2),
                         name="child_status_province"),
            models.Index(fields=["current_institution", "status"], name="child_institution"),
            # Lists of one status in a jurisdiction (children in care among ten million
            # community files; the community registry of a township).
            models.Index(
                fields=["status", "division_code"], name="child_status_division",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops"],
            ),
            models.Index(fields=["name", "sex", "birth_date"], name="child_duplicate"),
            models.Index(fields=["found_on"], name="child_found_on"),
            models.Index(fields=["birth_date"], name="child_birth_date"),
            # Lists sorted by birth or registration date in a province (a county's or a
            # prefecture's few thousand children are sorted in memory; the country's list
            # walks child_birth_date / child_registered_order).
            models.Index(Substr("division_code", 1, 2), "birth_date", "id",
                         name="child_birth_order_2"),
            # The registry sorted by registration: a prefecture holds some 30,000 files and
            # a day's registrations in the country some 10,000, too many to sort per page,
            # so the order's tie-breaker (id) is in the index too.
            models.Index(fields=["registered_on", "id"], name="child_registered_order"),
            *(models.Index(Substr("division_code", 1, n), "registered_on", "id",
                           name=f"child_registered_order_{n}") for n in (2, 4)),
            # Who left care when: the yearly figures of adoptions and of the children in
            # care on a day. A few ten thousand files of ten million have the date.
            models.Index(fields=["left_care_on"], name="child_left_care_on",
                         condition=Q(left_care_on__isnull=False)),
        ]
        constraints = [
            # One child, one file: an ID number belongs to one live file.
            models.UniqueConstraint(
                fields=["citizen_id_hash"],
                condition=~Q(citizen_id_hash="")
                & Q(status__in=["in_care", "left_care", "in_community", "off_register"]),
                name="child_citizen_id_one_live_file",
            ),
            models.CheckConstraint(
                condition=~Q(status="in_care") | Q(current_institution__isnull=False),
                name="child_in_care_has_institution",
            ),
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="child_merged_names_survivor",
            ),
            # A community file belongs to a township or village, never to an institution.
            models.CheckConstraint(
                condition=~Q(status="in_community")
                | (Q(current_institution__isnull=True) & Q(registered_on__isnull=False)),
                name="child_in_community_registered",
            ),
            models.CheckConstraint(
                condition=~Q(status="off_register")
                | (Q(registry_closed_on__isnull=False) & ~Q(registry_exit_reason="")),
                name="child_off_register_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def citizen_id_masked(self) -> str:
        return mask_citizen_id(self.citizen_id)

    @property
    def is_open(self) -> bool:
        return self.status == ChildStatus.IN_CARE

    @property
    def categories(self) -> list[str]:
        found = [code for code, field in CATEGORY_FIELDS.items() if getattr(self, field)]
        return [*found, "disability"] if self.disability_type else found


def citizen_id_q(number: str) -> Q:
    """Files with exactly this (normalised) ID number: the one way to search by it, through
    the keyed hash (the column itself is encrypted). An empty number matches nothing."""
    return Q(citizen_id_hash__in=search_hashes(number, purpose="citizen_id"))


MASK_SHOWN = 2


def mask_citizen_id(number: str) -> str:
    """The one mask of an ID number, for pages, the API and exports: the province (first
    two digits) and nothing else.

    An 18-digit number is region (6) + birth date (8) + sequence (3, odd for boys) + check
    digit. Pages show the birth date, the sex and the hukou division beside the number, so
    the region and the birth date are known anyway; showing the last four (the sequence and
    the check digit) gave the whole number back. Only the province is shown: what stays
    hidden is the sequence, which nothing on any page tells, and the county of first
    registration, which may differ from today's hukou division.
    """
    if not number:
        return ""
    return number[:MASK_SHOWN] + "*" * max(len(number) - MASK_SHOWN, 0)


# Category filter code -> boolean column ("disability" is any disability type).
CATEGORY_FIELDS = {
    "orphan": "is_orphan",
    "parents_not_found": "is_parents_not_found",
    "de_facto_unsupported": "is_de_facto_unsupported",
    "left_behind": "is_left_behind",
    "in_difficulty": "is_in_difficulty",
}
CATEGORY_LABELS = {
    "orphan": _("Orphan"),
    "parents_not_found": _("Parents cannot be found"),
    "de_facto_unsupported": _("De facto unsupported child"),
    "left_behind": _("Left-behind child"),
    "in_difficulty": _("Child in difficulty"),
    "disability": _("Child with a disability"),
}
