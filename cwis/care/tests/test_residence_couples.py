"""A family-style residence's carers (institutions' FamilyResidence) follow its couple in
the same transaction: named when the couple comes, dated when it is confirmed qualified,
cleared when it leaves; a refused step changes neither."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cwis.care.models import ResidenceCouple
from cwis.care.services import foster as services
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.institutions.models import FamilyResidence
from cwis.institutions.services import residence_update
from cwis.institutions.tests.factories import ResidenceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

COUPLE = {"father_name": "张建国", "mother_name": "王秀英", "started_on": dt.date(2025, 9, 1)}


def carers(residence: FamilyResidence) -> tuple:
    residence.refresh_from_db()
    return residence.carer_father, residence.carer_mother, residence.carers_qualified_on


@pytest.fixture
def residence(care):
    return ResidenceFactory(
        institution=care.users.institution_a,
        carer_father="",
        carer_mother="",
        carers_qualified_on=None,
    )


def test_the_residence_names_its_couple_from_coming_to_leaving(care, residence):
    couple = services.couple_record(actor=care.director, residence_id=residence.pk, data=COUPLE)
    assert carers(residence) == ("张建国", "王秀英", None)
    couple = services.couple_qualify(
        actor=care.director,
        couple_id=couple.pk,
        version=couple.version,
        on=dt.date(2025, 9, 10),
        note="已婚、身体健康、育儿经验",
    )
    assert carers(residence) == ("张建国", "王秀英", dt.date(2025, 9, 10))
    history = residence.history.first()
    assert (history.history_user, history.history_change_reason) == (
        care.director,
        str(services.MSG_REASON_COUPLE_QUALIFIED),
    )
    services.couple_end(
        actor=care.director,
        couple_id=couple.pk,
        version=couple.version,
        on=dt.date(2026, 1, 31),
        reason="退休",
    )
    assert carers(residence) == ("", "", None)
    # The residence waits for its next couple and may still be edited without one.
    residence_update(
        actor=care.users.in_scope,
        residence_id=residence.pk,
        version=residence.version,
        name=residence.name,
        capacity=5,
    )
    services.couple_record(
        actor=care.director,
        residence_id=residence.pk,
        data={
            **COUPLE,
            "father_name": "李明",
            "mother_name": "赵丽",
            "started_on": dt.date(2026, 2, 1),
        },
    )
    assert carers(residence) == ("李明", "赵丽", None)


def test_a_refused_step_leaves_the_residence_as_it_was(care, residence):
    couple = services.couple_record(actor=care.director, residence_id=residence.pk, data=COUPLE)
    before = carers(residence)
    version = residence.version
    with pytest.raises(ValidationError):
        services.couple_qualify(
            actor=care.director,
            couple_id=couple.pk,
            version=couple.version,
            on=dt.date(2025, 9, 10),
            note=" ",
        )
    with pytest.raises(ValidationError):
        services.couple_end(
            actor=care.director,
            couple_id=couple.pk,
            version=couple.version,
            on=dt.date(2025, 8, 1),
            reason="退休",
        )  # before it came
    with pytest.raises(StaleVersionError):
        services.couple_end(
            actor=care.director,
            couple_id=couple.pk,
            version=couple.version - 1,
            on=dt.date(2026, 1, 31),
            reason="x",
        )
    with pytest.raises(PermissionDeniedError):  # a caregiver does not keep couples
        services.couple_end(
            actor=care.caregiver,
            couple_id=couple.pk,
            version=couple.version,
            on=dt.date(2026, 1, 31),
            reason="退休",
        )
    with pytest.raises(NotFoundError):  # another institution's staff
        services.couple_end(
            actor=care.other_therapist,
            couple_id=couple.pk,
            version=couple.version,
            on=dt.date(2026, 1, 31),
            reason="退休",
        )
    with pytest.raises(PermissionDeniedError):  # the province office reads
        services.couple_qualify(
            actor=care.province,
            couple_id=couple.pk,
            version=couple.version,
            on=dt.date(2025, 9, 10),
            note="合格",
        )
    assert carers(residence) == before
    residence.refresh_from_db()
    assert residence.version == version
    assert ResidenceCouple.objects.get().ended_on is None


def test_a_residence_names_both_carers_or_neither(care, residence):
    from cwis.institutions.services.residences import MSG_RESIDENCE_COUPLE

    with pytest.raises(ValidationError) as exc:
        residence_update(
            actor=care.users.in_scope,
            residence_id=residence.pk,
            version=residence.version,
            name=residence.name,
            capacity=5,
            carer_father="陈国华",
        )
    assert exc.value.message_dict == {"carer_mother": [str(MSG_RESIDENCE_COUPLE)]}
