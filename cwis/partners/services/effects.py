"""What a done answer changes on the child's file, per kind, through the children's and
transfers' own internal operations (the answering service has checked the item once)."""

import datetime as dt

from django.utils.translation import gettext as _

from cwis.accounts.models import User
from cwis.children.choices import EducationStatus, HukouType, InsuranceStatus
from cwis.children.models import Child
from cwis.children.services import internal
from cwis.core.scoping import ALREADY_CHECKED, get_scoped
from cwis.partners.models import PartnerRequestItem, RequestKind
from cwis.protection.services.referrals import referral_answer_from_partner
from cwis.transfers.services.internal import transfer_hukou_done

JUNIOR_SECONDARY_AGE = 12


def apply_answer(item: PartnerRequestItem, *, actor: User) -> None:
    """A referral is answered either way (accepted or declined); the child's file changes
    on a done answer only."""
    if item.referral_id is not None:
        referral_answer_from_partner(
            actor=actor, referral_id=item.referral_id, accepted=item.status == "done",
            answered_on=item.answered_on, note=item.reference,
            decline_reason=item.refusal_reason)
    if item.status == "done":
        apply_done(item, actor=actor)


def apply_done(item: PartnerRequestItem, *, actor: User) -> None:
    kind = item.request.kind
    effect = _EFFECTS.get(kind)
    if effect is None:
        return
    child = get_scoped(Child.objects.select_related("current_institution"), ALREADY_CHECKED,
                       pk=item.child_id, for_update=True)
    reason = _("Answer of %(department)s: %(reference)s") % {
        "department": item.request.get_department_display(), "reference": item.reference}
    effect(item, child, actor=actor, on=item.answered_on, reason=reason)


def _hukou_migration(item, child, *, actor, on: dt.date, reason: str) -> None:
    if item.transfer_id is None:
        return
    transfer = transfer_hukou_done(actor=actor, transfer_id=item.transfer_id, on=on)
    receiver = transfer.to_institution
    internal.child_hukou_record(actor=actor, child=child, division_code=receiver.division_code,
                                hukou_type=HukouType.INSTITUTION_COLLECTIVE,
                                address=receiver.address, on=on, reason=reason)


def _hukou_registration(item, child, *, actor, on: dt.date, reason: str) -> None:
    institution = child.current_institution
    if institution is None:
        return
    internal.child_hukou_record(actor=actor, child=child,
                                division_code=institution.division_code,
                                hukou_type=HukouType.INSTITUTION_COLLECTIVE,
                                address=institution.address, on=on, reason=reason)


def _school_place(item, child, *, actor, on: dt.date, reason: str) -> None:
    age = on.year - child.birth_date.year - (
        (on.month, on.day) < (child.birth_date.month, child.birth_date.day))
    level = (EducationStatus.JUNIOR_SECONDARY if age >= JUNIOR_SECONDARY_AGE
             else EducationStatus.PRIMARY)
    status = child.education_status if child.education_status not in (
        "", EducationStatus.NOT_ATTENDING, EducationStatus.NOT_SCHOOL_AGE) else level
    internal.child_school_record(actor=actor, child=child, education_status=status,
                                 school_name=item.detail, reason=reason)


def _insurance(item, child, *, actor, on: dt.date, reason: str) -> None:
    internal.child_insurance_record(actor=actor, child=child, status=InsuranceStatus.ENROLLED,
                                    on=on, reason=reason)


_EFFECTS = {
    RequestKind.HUKOU_MIGRATION: _hukou_migration,
    RequestKind.HUKOU_REGISTRATION: _hukou_registration,
    RequestKind.SCHOOL_PLACE: _school_place,
    RequestKind.INSURANCE_ENROLMENT: _insurance,
}
