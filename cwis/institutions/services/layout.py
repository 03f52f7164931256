"""The province layout: how many institutions of each kind the province plans (policy
四（一）), and which child welfare institution receives each county's children."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import NotFoundError, field_error
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Perm, require
from cwis.core.scoping import division_in_scope, get_scoped
from cwis.core.validators import validate_division_code
from cwis.institutions.models import (
    CountyReceiver,
    Institution,
    InstitutionKind,
    InstitutionLevel,
    InstitutionStatus,
    ProvinceLayout,
)
from cwis.institutions.services.common import save, text

MSG_NOT_A_PROVINCE = _("Choose a province.")
MSG_PLANNED_NEGATIVE = _("A planned number cannot be below zero.")
MSG_NOT_A_COUNTY = _("Choose a county.")
MSG_RECEIVER_UNKNOWN = _("Choose the receiving institution.")
MSG_RECEIVER_OTHER_PROVINCE = _(
    "The receiving institution must be in the county's own province."
)
MSG_RECEIVER_KIND = _(
    "A county's children go to a child welfare institution founded by the province or a "
    "prefecture."
)
MSG_RECEIVER_NOT_OPERATING = _("The receiving institution is not operating.")


def _division_of_level(field: str, code: str, level: str, message) -> Division:
    try:
        division = validate_division_code(code)
    except ValidationError as exc:
        raise field_error(field, message) from exc
    if division.level != level:
        raise field_error(field, message)
    return division


@transaction.atomic
def province_layout_set(*, actor: User, province_code: str, planned_child_welfare: int,
                        planned_minors_protection: int, note: str = "",
                        version: int | None = None) -> ProvinceLayout:
    """Record how many institutions of each kind the province plans (policy 四（一）);
    `version` is required once the layout exists."""
    require(actor, Perm.TRANSFORMATION_PLAN)
    province = _division_of_level("province_code", province_code, DivisionLevel.PROVINCE,
                                  MSG_NOT_A_PROVINCE)
    if not division_in_scope(actor, province.code):
        raise NotFoundError()
    for field, value in (("planned_child_welfare", planned_child_welfare),
                         ("planned_minors_protection", planned_minors_protection)):
        if value is None or int(value) < 0:
            raise field_error(field, MSG_PLANNED_NEGATIVE)
    try:
        layout = get_scoped(ProvinceLayout.objects.all(), actor, division=province,
                            for_update=True)
    except NotFoundError:
        layout = ProvinceLayout(division=province, division_code=province.code)
    else:
        check_version(layout, version)
        bump_version(layout, actor)
    layout.planned_child_welfare = int(planned_child_welfare)
    layout.planned_minors_protection = int(planned_minors_protection)
    layout.note = text(note)
    save(layout, actor)
    return layout


def _validate_receiver(county: Division, receiver_id: int | None) -> Institution:
    receiver = Institution.objects.filter(pk=receiver_id).first() if receiver_id else None
    if receiver is None:
        raise field_error("receiver_id", MSG_RECEIVER_UNKNOWN)
    if receiver.division_code[:2] != county.code[:2]:
        raise field_error("receiver_id", MSG_RECEIVER_OTHER_PROVINCE, code="other_province")
    if receiver.kind != InstitutionKind.CHILD_WELFARE or receiver.level not in (
        InstitutionLevel.PROVINCE, InstitutionLevel.PREFECTURE
    ):
        raise field_error("receiver_id", MSG_RECEIVER_KIND, code="receiver_kind")
    if receiver.status != InstitutionStatus.OPERATING:
        raise field_error("receiver_id", MSG_RECEIVER_NOT_OPERATING)
    return receiver


@transaction.atomic
def county_receiver_set(*, actor: User, county_code: str, receiver_id: int,
                        version: int | None = None) -> CountyReceiver:
    """Record which child welfare institution receives a county's children: one founded by
    the province or a prefecture of the same province (policy 一（二）, 二（一））."""
    require(actor, Perm.TRANSFORMATION_PLAN)
    county = _division_of_level("county_code", county_code, DivisionLevel.COUNTY,
                                MSG_NOT_A_COUNTY)
    if not division_in_scope(actor, county.code):
        raise NotFoundError()
    # The receiver is looked up outside the actor's scope on purpose, so that another
    # province's institution gets its own clear refusal (institution names are public).
    receiver = _validate_receiver(county, receiver_id)
    try:
        assignment = get_scoped(CountyReceiver.objects.all(), actor, county=county,
                                for_update=True)
    except NotFoundError:
        assignment = CountyReceiver(county=county, division_code=county.code)
    else:
        check_version(assignment, version)
        bump_version(assignment, actor)
    assignment.receiver = receiver
    save(assignment, actor)
    return assignment
