"""The registry's lists for partner departments, produced by the county for its area:

- the education department: community children of compulsory-school age (6 to 15) and
  their school status (义务教育控辍保学);
- the disabled persons' federation: community children with a disability and the
  rehabilitation they get (残疾儿童康复救助).

Only a county (officer or protection worker: its jurisdiction is a 6-digit county) makes
them; the partner departments' own access is the partners module's.
"""

import datetime as dt

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.children.services.rules import add_years
from cwis.core.errors import PermissionDeniedError
from cwis.core.permissions import Perm, require
from cwis.core.scoping import actor_prefix, scope

SCHOOL_AGE = (6, 16)  # from the 6th birthday until the 16th: nine years of compulsory school
MSG_COUNTY_ONLY = _("Partner lists are made by the county for its area.")


def _county_files(actor: User) -> QuerySet[Child]:
    require(actor, Perm.COMMUNITY_REGISTER)
    if len(actor_prefix(actor) or "") != 6:
        raise PermissionDeniedError(MSG_COUNTY_ONLY)
    return scope(Child.objects.filter(status=ChildStatus.IN_COMMUNITY), actor)


def education_list(*, actor: User, today: dt.date) -> QuerySet[Child]:
    """The county's community children of compulsory-school age on `today`."""
    youngest, oldest = SCHOOL_AGE
    return _county_files(actor).filter(
        birth_date__lte=add_years(today, -youngest),
        birth_date__gt=add_years(today, -oldest)).order_by("division_code", "name_pinyin", "id")


def disability_list(*, actor: User) -> QuerySet[Child]:
    """The county's community children with a disability, with their rehabilitation: the
    live rehabilitation service outside an institution (its provider) and the latest
    rehabilitation assistance application's state."""
    from cwis.care.models import OutsideService, RehabAssistance

    service = OutsideService.objects.filter(
        child=OuterRef("pk"), line="rehabilitation", state__in=("agreed", "open"),
    ).order_by("-agreed_on")
    assistance = RehabAssistance.objects.filter(child=OuterRef("pk")).order_by("-applied_on",
                                                                                "-id")
    return _county_files(actor).exclude(disability_type="").annotate(
        rehab_provider=Subquery(service.values("provider__name")[:1]),
        rehab_state=Subquery(service.values("state")[:1]),
        assistance_state=Subquery(assistance.values("state")[:1]),
        assistance_applied_on=Subquery(assistance.values("applied_on")[:1]),
    ).order_by("division_code", "name_pinyin", "id")
