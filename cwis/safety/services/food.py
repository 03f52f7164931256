"""Food safety of the canteen (policy 四(二), with market supervision): the canteen licence
and the staff's health certificates (a new one of the same holder and kind replaces the
old; the to-do list warns before the current one expires), and the daily sample log (留样)."""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from cwis.accounts.models import User
from cwis.core.errors import field_error
from cwis.safety.models import CertificateKind, FoodCertificate, FoodSample, Meal
from cwis.safety.services import rules

MSG_EXPIRY = _("The certificate expires after it was issued.")
MSG_GRAMS = _("Keep at least %(grams)d grams of each dish.")
MSG_HOURS = _("Keep the samples at least %(hours)d hours.")
MSG_SAMPLE_TAKEN = _("This meal's samples are already recorded.")

CERTIFICATE_FIELDS = ("kind", "holder", "number", "issued_on", "expires_on")
SAMPLE_FIELDS = ("served_on", "meal", "dishes", "grams_per_dish", "kept_hours", "sampled_by")


@transaction.atomic
def certificate_record(*, actor: User, institution_id: int | None = None,
                       data: Mapping[str, Any]) -> FoodCertificate:
    institution = rules.institution_for(actor, institution_id)
    certificate = FoodCertificate(institution=institution)
    rules.assign(certificate, CERTIFICATE_FIELDS, data)
    errors: dict[str, list] = {}
    rules.choice(errors, "kind", certificate.kind, CertificateKind.values)
    rules.required_texts(errors, certificate, ("holder", "number"))
    rules.past_date(errors, "issued_on", certificate.issued_on)
    if certificate.expires_on is None:
        rules.add_error(errors, "expires_on", rules.MSG_DATE_REQUIRED)
    elif certificate.issued_on is not None and certificate.expires_on <= certificate.issued_on:
        rules.add_error(errors, "expires_on", MSG_EXPIRY)
    rules.text_errors(errors, certificate)
    rules.raise_errors(errors)
    for old in FoodCertificate.objects.select_for_update().filter(
            institution=institution, kind=certificate.kind, holder=certificate.holder,
            replaced_on__isnull=True):
        old.replaced_on = certificate.issued_on
        rules.save(old, actor, str(_("Replaced by a new certificate")))
    rules.save(certificate, actor, str(_("Certificate recorded")))
    return certificate


@transaction.atomic
def sample_record(*, actor: User, institution_id: int | None = None,
                  data: Mapping[str, Any]) -> FoodSample:
    institution = rules.institution_for(actor, institution_id)
    sample = FoodSample(institution=institution)
    rules.assign(sample, SAMPLE_FIELDS, data)
    if sample.kept_hours is None:
        sample.kept_hours = settings.CWIS_SAFETY_SAMPLE_HOURS
    errors: dict[str, list] = {}
    rules.past_date(errors, "served_on", sample.served_on)
    rules.choice(errors, "meal", sample.meal, Meal.values)
    rules.required_texts(errors, sample, ("dishes", "sampled_by"))
    grams, hours = settings.CWIS_SAFETY_SAMPLE_GRAMS, settings.CWIS_SAFETY_SAMPLE_HOURS
    if not isinstance(sample.grams_per_dish, int) or sample.grams_per_dish < grams:
        rules.add_error(errors, "grams_per_dish", MSG_GRAMS % {"grams": grams})
    if not isinstance(sample.kept_hours, int) or sample.kept_hours < hours:
        rules.add_error(errors, "kept_hours", MSG_HOURS % {"hours": hours})
    rules.text_errors(errors, sample)
    if "meal" not in errors and FoodSample.objects.filter(
            institution=institution, served_on=sample.served_on, meal=sample.meal).exists():
        rules.add_error(errors, "meal", MSG_SAMPLE_TAKEN)
    rules.raise_errors(errors)
    try:
        with transaction.atomic():
            rules.save(sample, actor, str(_("Food sample recorded")))
    except IntegrityError as exc:
        raise field_error("meal", MSG_SAMPLE_TAKEN) from exc
    return sample
