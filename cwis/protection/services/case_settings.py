"""The county's own follow-up period after a child goes home from a case (issue 16: "for a
period set by the county"): the county officer sets it; every exit in the county proposes
it, and each case may still set its own (`services.exits.case_exit_home`)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.children.services import rules
from cwis.core.concurrency import bump_version, check_version
from cwis.core.errors import StaleVersionError
from cwis.core.history import record_change
from cwis.core.permissions import Perm, require
from cwis.core.scoping import get_scoped
from cwis.protection.models.cases import CountyCaseSettings
from cwis.protection.services.cases import _county
from cwis.protection.services.exits import follow_up_period_errors


@transaction.atomic
def county_follow_up_set(*, actor: User, follow_up_months: int | None,
                         visit_every_months: int | None,
                         version: int | None = None) -> CountyCaseSettings:
    """Set the actor's county's follow-up period (`version`: the one read, None when the
    county had none yet). Cases already exited keep theirs."""
    require(actor, Perm.CASE_SETTINGS)
    county = _county(actor)
    found = CountyCaseSettings.objects.filter(county_code=county).values_list(
        "pk", flat=True).first()
    if found is not None:
        row = get_scoped(CountyCaseSettings.objects.all(), actor, pk=found, for_update=True)
        check_version(row, version)
    elif version is not None:
        raise StaleVersionError()
    else:
        row = CountyCaseSettings(county_code=county)
    rules.raise_errors(follow_up_period_errors(follow_up_months, visit_every_months))
    row.follow_up_months, row.visit_every_months = follow_up_months, visit_every_months
    if row.pk is not None:
        bump_version(row, actor)
    record_change(row, actor, reason=str(_("Follow-up period set")))
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:  # another officer set it first
        raise StaleVersionError() from exc
    return row
