import datetime as dt

import factory

from cwis.core.models import Division
from cwis.institutions.models import (
    CountyReceiver,
    Institution,
    InstitutionKind,
    InstitutionLevel,
    Licence,
    LicenceKind,
    PostType,
    StaffMember,
    Transformation,
)


class InstitutionFactory(factory.django.DjangoModelFactory):
    """An institution founded by the civil affairs office of `division_code` (default 南昌县)."""

    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"测试儿童福利院{n}")
    level = InstitutionLevel.COUNTY
    kind = InstitutionKind.CHILD_WELFARE
    division_code = "360121"
    division = factory.LazyAttribute(
        lambda o: Division.objects.get(code=o.division_code, valid_to__isnull=True)
    )
    beds = 50


class LicenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Licence

    institution = factory.SubFactory(InstitutionFactory)
    kind = LicenceKind.MEDICAL_PRACTICE
    number = factory.Sequence(lambda n: f"PDY{n:08d}")
    valid_from = dt.date(2022, 1, 1)
    valid_to = dt.date(2027, 12, 31)


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"工作人员{n}")
    post_type = PostType.CAREGIVER
    started_on = dt.date(2018, 3, 1)


class TransformationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Transformation

    institution = factory.SubFactory(InstitutionFactory)
    target_handover_date = dt.date(2025, 6, 30)
    target_completion_date = dt.date(2025, 12, 31)


class ReceiverFactory(factory.django.DjangoModelFactory):
    """`county_code`'s children go to `receiver` (a prefecture child welfare institution)."""

    class Meta:
        model = CountyReceiver

    class Params:
        county_code = "360121"

    county = factory.LazyAttribute(
        lambda o: Division.objects.get(code=o.county_code, valid_to__isnull=True)
    )
    division_code = factory.LazyAttribute(lambda o: o.county_code)
    receiver = factory.SubFactory(InstitutionFactory, level=InstitutionLevel.PREFECTURE,
                                  division_code="360100")
