import datetime as dt

import factory

from cwis.core.models import Division
from cwis.institutions.models import (
    CountyReceiver,
    FamilyResidence,
    Institution,
    InstitutionKind,
    InstitutionLevel,
    IntegrationFact,
    IntegrationFactKind,
    Licence,
    LicenceKind,
    Post,
    PostType,
    ProvinceLayout,
    QualificationKind,
    StaffMember,
    StaffQualification,
    TrainingRecord,
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


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    institution = factory.SubFactory(InstitutionFactory)
    post_type = PostType.CAREGIVER
    headcount_set = 10


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffQualification

    staff = factory.SubFactory(StaffFactory)
    kind = QualificationKind.CAREGIVER
    number = factory.Sequence(lambda n: f"ZG{n:08d}")
    issued_on = dt.date(2018, 6, 1)


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    staff = factory.SubFactory(StaffFactory)
    title = "养育照料技能培训"
    started_on = dt.date(2024, 4, 8)
    ended_on = dt.date(2024, 4, 12)
    hours = 32


class ResidenceFactory(factory.django.DjangoModelFactory):
    """A family-style residence in use, with its couple of carers."""

    class Meta:
        model = FamilyResidence

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"{n + 1}号家庭式居所")
    capacity = 6
    carer_father = "陈国华"
    carer_mother = "李春梅"


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


class LayoutFactory(factory.django.DjangoModelFactory):
    """The planned numbers of `province_code` (default 江西省)."""

    class Meta:
        model = ProvinceLayout

    class Params:
        province_code = "360000"

    division = factory.LazyAttribute(
        lambda o: Division.objects.get(code=o.province_code, valid_to__isnull=True)
    )
    division_code = factory.LazyAttribute(lambda o: o.province_code)
    planned_child_welfare = 12
    planned_minors_protection = 100


class FactFactory(factory.django.DjangoModelFactory):
    """Premises handed to the minors' protection institution (kind=DUTY with `duty` for a
    duty taken on)."""

    class Meta:
        model = IntegrationFact

    transformation = factory.SubFactory(TransformationFactory, state="handing_over")
    kind = IntegrationFactKind.PREMISES
    effective_on = dt.date(2024, 1, 1)
    description = "原儿童福利院综合楼"
