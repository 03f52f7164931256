"""Writes of screening campaigns: open one, import its workbooks (cwis.core.imports).

The county's officers and protection workers (Perm.SCREENING_RUN) of the campaign's county.
"""

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.services import rules
from cwis.core.history import record_change
from cwis.core.imports import services as imports
from cwis.core.imports.models import ImportBatch
from cwis.core.models import Division, DivisionLevel
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.screening.imports import KIND
from cwis.screening.models import Campaign

MSG_COUNTY_ONLY = _("Screening campaigns are opened by a county's officers and protection "
                    "workers.")
MSG_NAME_REQUIRED = _("Give the campaign a name.")
MSG_PERIOD_ORDER = _("The campaign cannot end before it starts.")
MSG_TOWNSHIPS_REQUIRED = _("Choose at least one township of your county.")
MSG_TOWNSHIP_OUTSIDE = _("Choose townships of your own county only.")


def _county_of(actor: User) -> str:
    """The county the actor works for; refused for anyone else."""
    division = actor.division if actor.division_id else None
    if division is None or division.level != DivisionLevel.COUNTY:
        raise ValidationError(MSG_COUNTY_ONLY, code="county_only")
    return division.code


@transaction.atomic
def campaign_open(*, actor: User, name: str, starts_on: dt.date | None,
                  ends_on: dt.date | None, township_codes: Sequence[str],
                  note: str = "") -> Campaign:
    """Open a screening campaign of the actor's county over some of its townships."""
    require(actor, Perm.SCREENING_RUN)
    county = _county_of(actor)
    errors: dict[str, list] = {}
    if not (name or "").strip():
        rules.add_error(errors, "name", MSG_NAME_REQUIRED)
    if starts_on is None:
        rules.add_error(errors, "starts_on", rules.MSG_DATE_REQUIRED)
    if ends_on is None:
        rules.add_error(errors, "ends_on", rules.MSG_DATE_REQUIRED)
    elif starts_on and ends_on < starts_on:
        rules.add_error(errors, "ends_on", MSG_PERIOD_ORDER)
    codes = sorted({str(c).strip() for c in township_codes if str(c).strip()})
    known = set(Division.objects.filter(code__in=codes, level=DivisionLevel.TOWNSHIP,
                                        valid_to__isnull=True).values_list("code", flat=True))
    if not codes:
        rules.add_error(errors, "townships", MSG_TOWNSHIPS_REQUIRED)
    elif any(c not in known or not c.startswith(county) for c in codes):
        rules.add_error(errors, "townships", MSG_TOWNSHIP_OUTSIDE)
    rules.raise_errors(errors)
    campaign = Campaign(county_code=county, name=name.strip(), starts_on=starts_on,
                        ends_on=ends_on, township_codes=codes, note=(note or "").strip())
    record_change(campaign, actor)
    campaign.save()
    return campaign


def campaign_import(*, actor: User, campaign_id: int, upload: UploadedFile) -> ImportBatch:
    """Take in a filled workbook for the campaign and start checking it."""
    require(actor, Perm.SCREENING_RUN)
    campaign = get_scoped(Campaign.objects.all(), actor, pk=campaign_id)
    return imports.import_start(actor=actor, kind=KIND, division_code=campaign.county_code,
                                target=str(campaign.pk), upload=upload)


def campaign_commit(*, actor: User, batch_id: int) -> ImportBatch:
    """Start importing the valid rows of a checked workbook."""
    return imports.import_commit(actor=actor, batch_id=batch_id, kind=KIND)
