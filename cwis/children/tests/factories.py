import datetime as dt

import factory
from django.utils import timezone

from cwis.accounts.tests.factories import UserFactory
from cwis.children.choices import (
    ChildStatus,
    DeadlineKind,
    DocumentKind,
    GuardianKind,
    GuardianshipSituation,
    IntakeCategory,
    PlacementKind,
    Sex,
)
from cwis.children.models import (
    Child,
    ChildDeadline,
    ChildDocument,
    DuplicateDismissal,
    Intake,
    Placement,
)
from cwis.children.services import name_search_keys
from cwis.institutions.tests.factories import InstitutionFactory

# A valid GB 11643 number: 南昌县 (360121), born 2015-03-08, sequence 123 (odd: male).
BOY_ID = "360121201503081237"
BOY_BIRTH = dt.date(2015, 3, 8)


def found_infant(**overrides) -> dict:
    """The file fields of a found infant, as a registration form sends them."""
    data = {
        "name": "党小安",
        "sex": Sex.FEMALE,
        "birth_date": dt.date(2026, 1, 2),
        "birth_date_estimated": True,
        "found_on": dt.date(2026, 1, 5),
        "found_place": "南昌县莲塘镇汽车站",
        "found_circumstances": "包裹在襁褓中，附出生日期纸条",
        "police_case_number": "莲公(刑)捡字〔2026〕5号",
        "guardian_kind": GuardianKind.LONG_TERM,
        "guardianship_situation": GuardianshipSituation.LT_NOT_FOUND,
        "guardianship_since": dt.date(2026, 1, 6),
        "is_orphan": True,
        "is_parents_not_found": True,
    }
    data.update(overrides)
    return data


def registration(institution, **overrides) -> dict:
    """Keyword arguments for services.child_register (without the actor)."""
    data = overrides.pop("data", None) or found_infant()
    kwargs = {
        "institution_id": institution.pk,
        "intake_on": dt.date(2026, 1, 6),
        "intake_category": IntakeCategory.FOUND_CHILD,
        "legal_basis": "m2018_9_1",
        "data": data,
    }
    kwargs.update(overrides)
    return kwargs


class ChildFactory(factory.django.DjangoModelFactory):
    """A child in care in `current_institution`, with its intake and open placement."""

    class Meta:
        model = Child
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"王{'一二三四五六七八九十'[n % 10]}{n}")
    sex = Sex.MALE
    birth_date = dt.date(2015, 6, 1)
    guardian_kind = GuardianKind.LONG_TERM
    guardianship_situation = GuardianshipSituation.LT_DEAD
    guardianship_since = dt.date(2020, 1, 1)
    status = ChildStatus.IN_CARE
    current_institution = factory.SubFactory(InstitutionFactory)
    division_code = factory.LazyAttribute(lambda o: o.current_institution.division_code)
    name_pinyin = factory.LazyAttribute(lambda o: name_search_keys(o.name)[0])
    name_initials = factory.LazyAttribute(lambda o: name_search_keys(o.name)[1])
    search_pinyin = factory.LazyAttribute(lambda o: name_search_keys(o.name)[0])

    @factory.post_generation
    def placed(self, create, extracted, **kwargs):
        """Its intake and open placement; `placed=False` for a file without them."""
        if not create or extracted is False:
            return
        IntakeFactory(child=self, institution=self.current_institution)
        if self.status == ChildStatus.IN_CARE:
            PlacementFactory(child=self, institution=self.current_institution)


class CommunityChildFactory(ChildFactory):
    """A child living at home, in a village's community registry (no institution, no intake)."""

    status = ChildStatus.IN_COMMUNITY
    current_institution = None
    division_code = "360121100201"
    guardian_kind = GuardianKind.OTHER
    guardianship_situation = ""
    registered_on = dt.date(2024, 3, 1)
    is_left_behind = True
    left_behind_situation = "both_away"

    @factory.post_generation
    def placed(self, create, extracted, **kwargs):
        return None

    @factory.post_generation
    def category_periods(self, create, extracted, **kwargs):
        """The dated categories the registry's services keep (cwis.protection
        CategoryPeriod): each ticked category from the registration to the removal."""
        if not create or extracted is False:
            return
        from cwis.protection.models import CATEGORY_COLUMNS, CategoryPeriod

        CategoryPeriod.objects.bulk_create(
            CategoryPeriod(child=self, category=category, division_code=self.division_code,
                           detail=self.difficulty_kind if category == "in_difficulty" else "",
                           started_on=self.registered_on, ended_on=self.registry_closed_on,
                           end_reason="left_registry" if self.registry_closed_on else "",
                           created_at=timezone.now())
            for category, column in CATEGORY_COLUMNS.items() if getattr(self, column))


class IntakeFactory(factory.django.DjangoModelFactory):
    """An intake of an orphan whose parents died (the legal basis in force in 2020)."""

    class Meta:
        model = Intake

    child = factory.SubFactory(ChildFactory, placed=False)
    institution = factory.LazyAttribute(lambda o: o.child.current_institution)
    intake_on = dt.date(2020, 1, 1)
    category = IntakeCategory.PARENTS_DEAD
    legal_basis = "m2018_9_2"


class PlacementFactory(factory.django.DjangoModelFactory):
    """An open placement in the child's institution."""

    class Meta:
        model = Placement

    child = factory.SubFactory(ChildFactory, placed=False)
    institution = factory.LazyAttribute(lambda o: o.child.current_institution)
    kind = PlacementKind.INSTITUTION
    started_on = dt.date(2020, 1, 1)


class ChildDocumentFactory(factory.django.DjangoModelFactory):
    """A document kept on the file by its number (no file attached)."""

    class Meta:
        model = ChildDocument

    child = factory.SubFactory(ChildFactory)
    kind = DocumentKind.POLICE_FOUND_REPORT
    number = factory.Sequence(lambda n: f"公(刑)字〔2026〕{n}号")
    issued_on = dt.date(2026, 1, 5)


class ChildDeadlineFactory(factory.django.DjangoModelFactory):
    """An open deadline, shown from its start."""

    class Meta:
        model = ChildDeadline

    child = factory.SubFactory(ChildFactory)
    kind = DeadlineKind.SEARCH_NOTICE
    started_on = dt.date(2026, 1, 6)
    due_on = dt.date(2026, 2, 5)
    visible_from = factory.LazyAttribute(lambda o: o.started_on)


class DuplicateDismissalFactory(factory.django.DjangoModelFactory):
    """A worker said these two files are different children."""

    class Meta:
        model = DuplicateDismissal

    child = factory.SubFactory(ChildFactory)
    other = factory.SubFactory(ChildFactory)
    dismissed_by = factory.SubFactory(UserFactory)
