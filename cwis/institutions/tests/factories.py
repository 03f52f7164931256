import factory

from cwis.core.models import Division
from cwis.institutions.models import Institution, InstitutionKind, InstitutionLevel


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
