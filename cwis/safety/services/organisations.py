"""Social organisations and volunteers (policy 三(三)): the county officer registers those
the county works with, the director those the institution works with; each engagement
(entrusted, project, recommended, incubation) with its term and amount; volunteers and the
hours they serve."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.errors import PermissionDeniedError
from cwis.core.permissions import Perm, require
from cwis.core.scoping import actor_prefix, get_scoped
from cwis.core.validators import validate_uscc
from cwis.institutions.models import Institution
from cwis.safety.models import (
    Engagement,
    EngagementForm,
    OrganisationKind,
    SocialOrganisation,
    Volunteer,
    VolunteerService,
)
from cwis.safety.services import rules

MSG_NOT_COUNTY = _("Organisations are registered by a county or an institution.")
MSG_ENDS_BEFORE = _("The engagement ends after it starts.")
MSG_TERM = _("An entrusted service or a project has an end date.")
MSG_AMOUNT = _("Give the amount in yuan (0 or more).")
MSG_AMOUNT_REQUIRED = _("An entrusted service or a project has its amount.")
MSG_HOURS = _("Give the hours served (more than 0, at most 24).")
MSG_GROUP = _("Choose a volunteer group of your county.")

ORGANISATION_FIELDS = ("name", "uscc", "kind", "services", "contact_person", "phone")
ENGAGEMENT_FIELDS = ("form", "starts_on", "ends_on", "amount", "contract_reference",
                     "services")
VOLUNTEER_FIELDS = ("name", "phone", "trained_on", "training")
_PAID = (EngagementForm.ENTRUSTED, EngagementForm.PROJECT)


def _place(actor: User, institution_id: int | None) -> tuple[str, Institution | None]:
    """The county (and institution) a record belongs to: the director's institution, or the
    county officer's county with an institution of it when one is named."""
    require(actor, Perm.ORG_MANAGE)
    if actor.institution_id is not None:
        return actor.institution.division_code[:6], actor.institution
    prefix = actor_prefix(actor) or ""
    if len(prefix) != 6:
        raise PermissionDeniedError(MSG_NOT_COUNTY)
    if institution_id is None:
        return prefix, None
    return prefix, get_scoped(Institution.objects.all(), actor, pk=institution_id)


@transaction.atomic
def organisation_register(*, actor: User, institution_id: int | None = None,
                          data: Mapping[str, Any]) -> SocialOrganisation:
    county, institution = _place(actor, institution_id)
    organisation = SocialOrganisation(county_code=county, institution=institution)
    rules.assign(organisation, ORGANISATION_FIELDS, data)
    errors: dict[str, list] = {}
    rules.required_texts(errors, organisation, ("name", "services"))
    rules.choice(errors, "kind", organisation.kind, OrganisationKind.values)
    try:
        organisation.uscc = validate_uscc(organisation.uscc)
    except ValidationError as exc:
        errors["uscc"] = exc.messages
    rules.text_errors(errors, organisation)
    rules.raise_errors(errors)
    rules.save(organisation, actor, str(_("Organisation registered")))
    return organisation


def _amount_errors(errors: dict, engagement: Engagement) -> None:
    amount = engagement.amount
    if amount is not None and (not isinstance(amount, int | Decimal) or amount < 0):
        rules.add_error(errors, "amount", MSG_AMOUNT)
    elif amount is None and engagement.form in _PAID:
        rules.add_error(errors, "amount", MSG_AMOUNT_REQUIRED)


@transaction.atomic
def engagement_record(*, actor: User, organisation_id: int, data: Mapping[str, Any]
                      ) -> Engagement:
    organisation = get_scoped(SocialOrganisation.objects.all(), actor, pk=organisation_id,
                              for_update=True)
    require(actor, Perm.ORG_MANAGE)
    engagement = Engagement(organisation=organisation)
    rules.assign(engagement, ENGAGEMENT_FIELDS, data)
    errors: dict[str, list] = {}
    rules.choice(errors, "form", engagement.form, EngagementForm.values)
    if engagement.starts_on is None:
        rules.add_error(errors, "starts_on", rules.MSG_DATE_REQUIRED)
    if engagement.ends_on is None and engagement.form in _PAID:
        rules.add_error(errors, "ends_on", MSG_TERM)
    elif (engagement.ends_on is not None and engagement.starts_on is not None
          and engagement.ends_on <= engagement.starts_on):
        rules.add_error(errors, "ends_on", MSG_ENDS_BEFORE)
    _amount_errors(errors, engagement)
    rules.required_texts(errors, engagement, ("services",))
    rules.text_errors(errors, engagement)
    rules.raise_errors(errors)
    rules.save(engagement, actor, str(_("Engagement recorded")))
    return engagement


@transaction.atomic
def volunteer_register(*, actor: User, institution_id: int | None = None,
                       organisation_id: int | None = None, data: Mapping[str, Any]
                       ) -> Volunteer:
    county, institution = _place(actor, institution_id)
    volunteer = Volunteer(county_code=county, institution=institution)
    rules.assign(volunteer, VOLUNTEER_FIELDS, data)
    errors: dict[str, list] = {}
    if organisation_id is not None:
        volunteer.organisation = SocialOrganisation.objects.filter(
            pk=organisation_id, county_code=county,
            kind=OrganisationKind.VOLUNTEER_GROUP).first()
        if volunteer.organisation is None:
            rules.add_error(errors, "organisation_id", MSG_GROUP)
    rules.required_texts(errors, volunteer, ("name",))
    rules.past_date(errors, "trained_on", volunteer.trained_on, required=False)
    rules.text_errors(errors, volunteer)
    rules.raise_errors(errors)
    rules.save(volunteer, actor, str(_("Volunteer registered")))
    return volunteer


@transaction.atomic
def volunteer_service_record(*, actor: User, volunteer_id: int, served_on: dt.date | None,
                             hours: Decimal | None, activity: str) -> VolunteerService:
    """Hours a volunteer served; added to the volunteer's total."""
    volunteer = get_scoped(Volunteer.objects.all(), actor, pk=volunteer_id, for_update=True)
    require(actor, Perm.ORG_MANAGE)
    service = VolunteerService(volunteer=volunteer, served_on=served_on, hours=hours,
                               activity=(activity or "").strip())
    errors: dict[str, list] = {}
    rules.past_date(errors, "served_on", served_on)
    if hours is None or not 0 < Decimal(hours) <= 24:
        rules.add_error(errors, "hours", MSG_HOURS)
    rules.required_texts(errors, service, ("activity",))
    rules.text_errors(errors, service)
    rules.raise_errors(errors)
    rules.save(service, actor)
    volunteer.hours += Decimal(hours)
    rules.save(volunteer, actor, str(_("Service hours recorded")))
    return service
