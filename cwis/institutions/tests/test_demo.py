"""`cwis demo` shows the three stages of a county institution's transformation."""

import pytest
from django.core.management import call_command

from cwis.institutions import demo
from cwis.institutions.models import (
    CountyReceiver,
    Institution,
    InstitutionKind,
    IntegrationFact,
    StaffMember,
    Transformation,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return (Transformation.objects.count(), IntegrationFact.objects.count(),
            StaffMember.objects.count(), CountyReceiver.objects.count())


def test_the_demo_has_one_planned_one_handing_over_one_transformed_and_is_idempotent():
    call_command("demo", no_serve=True)
    first = snapshot()
    call_command("demo", no_serve=True)
    assert snapshot() == first
    states = {t.institution.name: t.state for t in Transformation.objects.all()}
    assert states == {demo.PLANNED: "planned", demo.HANDING_OVER: "handing_over",
                      demo.TRANSFORMED: "transformed"}
    assert Institution.objects.get(name=demo.HANDING_OVER).kind == (
        InstitutionKind.IN_TRANSFORMATION)
    assert Institution.objects.get(name=demo.TRANSFORMED).kind == (
        InstitutionKind.MINORS_PROTECTION)
    assert CountyReceiver.objects.filter(division_code__startswith="36").count() == 4
