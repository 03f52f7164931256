"""Services to children outside the institution (policy 二(七)).

The child's side agrees (`outside_service_agree`: the county office of a community child, or
the director of the child's institution), naming the delivering institution, the line and
what is to be delivered. The delivering institution's director opens it (or declines); while
it is open its staff write that service's records (the pattern's services take `service_id`)
and read the child's summary; either side closes it, and the service's open plans close with
it. Who may see what follows from the scope rule of the records (cwis/care/models/scope.py):
nothing here filters by jurisdiction by hand.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.care.choices import OUTSIDE_LINES, CareLine, CloseReason, OutsideState, PlanStatus
from cwis.care.models import CarePlan, OutsideService
from cwis.care.services import rules
from cwis.care.services.pattern import plan_close
from cwis.care.services.rules import add_error
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import PermissionDeniedError, field_error
from cwis.core.permissions import Perm, has_perm, require
from cwis.core.scoping import get_scoped
from cwis.institutions.models import (
    Institution,
    InstitutionKind,
    InstitutionStatus,
    LicenceKind,
)

MSG_OUTSIDE_LINE = _("Choose medical care, rehabilitation or education.")
MSG_PROVIDER = _("Choose an operating child welfare institution.")
MSG_PROVIDER_OWN = _("The child is in this institution's own care.")
MSG_LICENCE = _("Medical care, and rehabilitation for another institution's child, come from "
                "an institution holding a valid medical institution practice licence.")
MSG_CHILD_STATUS = _("Only a child in care or in the community registry can be served.")
MSG_LIVE = _("This institution already serves the child in this line.")
MSG_NOT_AGREED = _("Only an agreed service can be opened or declined.")
MSG_NOT_LIVE = _("This service has ended.")
MSG_PURPOSE = _("Say what the institution is to deliver.")


def _provider(provider_id: int | None, line: str, child: Child, on: dt.date,
              errors: dict) -> Institution | None:
    """The delivering institution: looked up outside the actor's scope (institutions are
    public); an operating child welfare institution, with a medical practice licence valid
    on the day for medical care, and for rehabilitation to another institution's child."""
    provider = Institution.objects.filter(
        pk=provider_id, status=InstitutionStatus.OPERATING,
        kind=InstitutionKind.CHILD_WELFARE).first() if provider_id else None
    if provider is None:
        add_error(errors, "provider_id", MSG_PROVIDER)
        return None
    if provider.pk == child.current_institution_id and child.status == ChildStatus.IN_CARE:
        add_error(errors, "provider_id", MSG_PROVIDER_OWN)
    needs_licence = line == CareLine.MEDICAL or (
        line == CareLine.REHABILITATION and child.status == ChildStatus.IN_CARE)
    if needs_licence and not any(
            licence.is_valid_on(on) for licence in provider.licences.filter(
                kind=LicenceKind.MEDICAL_PRACTICE)):
        add_error(errors, "provider_id", MSG_LICENCE)
    return provider


@transaction.atomic
def outside_service_agree(*, actor: User, child_id: int, provider_id: int | None, line: str,
                          purpose: str, agreed_on: dt.date, agreement_reference: str = ""
                          ) -> OutsideService:
    """The child's side agrees that `provider` delivers `line` to the child."""
    child = get_scoped(Child.objects.all(), actor, pk=child_id, for_update=True)
    require(actor, Perm.CARE_OUTSIDE_AGREE)
    if child.status not in (ChildStatus.IN_CARE, ChildStatus.IN_COMMUNITY):
        raise ValidationError(MSG_CHILD_STATUS, code="child_status")
    errors: dict[str, list] = {}
    if line not in OUTSIDE_LINES:
        add_error(errors, "line", MSG_OUTSIDE_LINE)
    provider = _provider(provider_id, line, child, agreed_on or rules.today(), errors)
    service = OutsideService(child=child, provider=provider, line=line, agreed_by=actor,
                             agreed_on=agreed_on, purpose=(purpose or "").strip(),
                             agreement_reference=(agreement_reference or "").strip(),
                             state=OutsideState.AGREED)
    for field, messages in rules.record_errors(
            service, exclude=("child", "provider", "agreed_by", "opened_by", "closed_by")
    ).items():
        errors.setdefault(field, []).extend(messages)
    if provider is not None and OutsideService.objects.filter(
            child=child, provider=provider, line=line,
            state__in=(OutsideState.AGREED, OutsideState.OPEN)).exists():
        add_error(errors, "provider_id", MSG_LIVE)
    rules.raise_errors(errors)
    try:
        with transaction.atomic():
            rules.save(service, actor)
    except IntegrityError as exc:  # the same agreement made meanwhile
        raise field_error("provider_id", MSG_LIVE) from exc
    return service


def _provider_side(actor: User, service_id: int, version: int) -> OutsideService:
    service = get_scoped(OutsideService.objects.select_related("child"), actor,
                         pk=service_id, for_update=True)
    require(actor, Perm.CARE_APPROVE)
    if service.provider_id != actor.institution_id:
        raise PermissionDeniedError()
    check_version(service, version)
    if service.state != OutsideState.AGREED:
        raise ValidationError(MSG_NOT_AGREED, code="not_agreed")
    return service


@transaction.atomic
def outside_service_open(*, actor: User, service_id: int, version: int) -> OutsideService:
    """The delivering institution's director opens the agreed service: its staff may now
    record it and read the child's summary."""
    service = _provider_side(actor, service_id, version)
    service.state, service.opened_by, service.opened_on = OutsideState.OPEN, actor, rules.today()
    bump_version(service, actor)
    rules.save(service, actor)
    return service


@transaction.atomic
def outside_service_decline(*, actor: User, service_id: int, version: int, note: str
                            ) -> OutsideService:
    service = _provider_side(actor, service_id, version)
    if not (note or "").strip():
        raise ValidationError({"note": [rules.MSG_REASON_REQUIRED]})
    service.state, service.closed_by, service.closed_on = (OutsideState.DECLINED, actor,
                                                           rules.today())
    service.close_note = note.strip()[:500]
    bump_version(service, actor)
    rules.save(service, actor, note)
    return service


@transaction.atomic
def outside_service_close(*, actor: User, service_id: int, version: int, note: str = ""
                          ) -> OutsideService:
    """Either side ends the service: the delivering institution's director, or the child's
    side. Its open plans close; the delivering institution's access ends (404 again)."""
    service = get_scoped(OutsideService.objects.select_related("child"), actor,
                         pk=service_id, for_update=True)
    provider_side = (has_perm(actor, Perm.CARE_APPROVE)
                     and service.provider_id == actor.institution_id)
    if not provider_side:
        require(actor, Perm.CARE_OUTSIDE_AGREE)
        if actor.institution_id is not None and actor.institution_id != (
                service.child.current_institution_id):
            raise PermissionDeniedError()
    check_version(service, version)
    if not service.is_live:
        raise ValidationError(MSG_NOT_LIVE, code="not_live")
    today = rules.today()
    for plan in CarePlan.objects.select_for_update().filter(
            outside_service=service, status__in=(PlanStatus.PENDING, PlanStatus.ACTIVE)):
        plan_close(plan, on=max(today, plan.starts_on), why=CloseReason.SERVICE_CLOSED,
                   actor=actor)
    service.state, service.closed_by, service.closed_on = OutsideState.CLOSED, actor, today
    service.close_note = (note or "").strip()[:500]
    bump_version(service, actor)
    rules.save(service, actor, note)
    return service
