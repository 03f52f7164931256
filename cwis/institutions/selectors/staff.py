"""Reads of posts and staff: the headcount set against the staff in post, staff members with
their qualifications and training."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from cwis.accounts.models import User
from cwis.core.scoping import get_scoped
from cwis.institutions.models import (
    Institution,
    InstitutionStatus,
    Post,
    PostType,
    StaffMember,
)
from cwis.institutions.selectors.registry import institution_get


@dataclass(frozen=True)
class PostRow:
    post_type: str
    label: str
    headcount_set: int
    filled: int
    post: Post | None

    @property
    def vacant(self) -> int:
        return max(self.headcount_set - self.filled, 0)

    @property
    def over(self) -> int:
        return max(self.filled - self.headcount_set, 0)


def post_table(institution: Institution) -> list[PostRow]:
    """Each post type that is set or filled: headcount set against current staff."""
    posts = {p.post_type: p for p in Post.objects.filter(institution=institution)}
    filled = dict(
        StaffMember.objects.filter(institution=institution, left_on__isnull=True)
        .values_list("post_type")
        .annotate(n=Count("pk"))
    )
    return [
        PostRow(value, str(label), posts[value].headcount_set if value in posts else 0,
                filled.get(value, 0), posts.get(value))
        for value, label in PostType.choices
        if value in posts or value in filled
    ]


def social_work_summary(institution: Institution, rows: list[PostRow]) -> dict:
    social = next((r for r in rows if r.post_type == PostType.SOCIAL_WORKER), None)
    return {
        "department": institution.has_social_work_department,
        "posts_set": social.headcount_set if social else 0,
        "posts_filled": social.filled if social else 0,
    }


def staff_list(*, actor: User, institution_id: int,
               current_only: bool = False) -> tuple[Institution, QuerySet[StaffMember]]:
    institution = institution_get(actor=actor, institution_id=institution_id)
    staff = institution.staff.select_related("transferred_to").prefetch_related(
        "qualifications"
    )
    if current_only:
        staff = staff.filter(left_on__isnull=True)
    return institution, staff


def staff_get(*, actor: User, staff_id: int) -> StaffMember:
    return get_scoped(
        StaffMember.objects.select_related("institution", "transferred_to").prefetch_related(
            "qualifications", "trainings"
        ),
        actor,
        pk=staff_id,
    )


def transfer_destination_choices(*, institution: Institution) -> QuerySet[Institution]:
    """Operating institutions of the same province a staff member may move to (names of
    institutions are public; the records stay scoped)."""
    return Institution.objects.filter(
        division_code__startswith=institution.division_code[:2],
        status=InstitutionStatus.OPERATING,
    ).exclude(pk=institution.pk).order_by("level", "division_code", "name")
