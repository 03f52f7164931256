"""ID numbers and guardians' telephones encrypted at rest, searched by the full number through
the keyed hash, migrated and rotated (issue 12, item 17)."""

import base64

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from cwis.children.models import Child, citizen_id_q
from cwis.children.tests.factories import BOY_ID, ChildFactory, CommunityChildFactory
from cwis.core.crypto import key_id_of
from cwis.core.key_rotation import rotate_model

pytestmark = pytest.mark.django_db

PHONE = "13907910001"
OLD_FIELD = "old:sm4:" + base64.b64encode(b"o" * 16).decode()
NEW_FIELD = "new:aes:" + base64.b64encode(b"n" * 32).decode()
OLD_SEARCH = "so:sm3:" + base64.b64encode(b"p" * 32).decode()
NEW_SEARCH = "sn:sha256:" + base64.b64encode(b"q" * 32).decode()


def stored(table: str, column: str, where: str = "", params=()) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} {where}", params)  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def test_the_database_and_the_history_hold_no_number_or_telephone_in_clear():
    child = CommunityChildFactory(citizen_id=BOY_ID, guardian_phone=PHONE,
                                  division_code="360121100001")
    child.refresh_from_db()
    assert (child.citizen_id, child.guardian_phone) == (BOY_ID, PHONE)
    for table in ("children_child", "children_historicalchild"):
        for column, value in (("citizen_id", BOY_ID), ("guardian_phone", PHONE)):
            values = stored(table, column)
            assert values, (table, column)
            assert all(v.startswith("enc1:") for v in values), (table, column)
            assert not any(value in v for v in values)
        hashes = stored(table, "citizen_id_hash")
        assert hashes
        assert all(h.startswith("dev:") and len(h) == 68 and BOY_ID not in h for h in hashes)


def test_a_query_on_the_encrypted_column_is_an_error_not_an_empty_answer():
    ChildFactory(citizen_id=BOY_ID)
    assert Child.objects.exclude(citizen_id="").count() == 1  # "has a number" still works
    with pytest.raises(FieldError, match="keyed hash"):
        list(Child.objects.filter(citizen_id=BOY_ID))
    with pytest.raises(FieldError):
        list(Child.objects.filter(citizen_id__startswith=BOY_ID[:6]))
    assert list(Child.objects.filter(citizen_id_q(BOY_ID))) == list(Child.objects.all())
    assert not Child.objects.filter(citizen_id_q(BOY_ID[:17] + "0")).exists()


def test_the_full_number_still_finds_the_file_in_the_list_and_the_duplicate_check(
        staff, api):
    child = ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID)
    client = api(staff.director)
    found = client.get("/children", q=BOY_ID).json()
    assert [c["id"] for c in found["items"]] == [child.pk]
    duplicates = client.get("/children/duplicates", citizen_id=BOY_ID).json()
    assert [c["id"] for c in duplicates["candidates"]] == [child.pk]


def test_one_live_file_per_number_holds_on_the_hash(staff, api):
    ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID)
    with pytest.raises(Exception, match=r"(?i)citizen_id|unique"):
        ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID)


def test_rotation_moves_every_row_to_the_new_keys_and_search_works_throughout(staff, api):
    with override_settings(CWIS_FIELD_KEYS=OLD_FIELD, CWIS_SEARCH_KEYS=OLD_SEARCH):
        child = ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID,
                             guardian_phone=PHONE)
    assert {key_id_of(v) for v in stored("children_child", "citizen_id")} == {"old"}
    old_hash = stored("children_child", "citizen_id_hash")[0]

    with override_settings(CWIS_FIELD_KEYS=f"{NEW_FIELD},{OLD_FIELD}",
                           CWIS_SEARCH_KEYS=f"{NEW_SEARCH},{OLD_SEARCH}"):
        # Before the rotation: old rows read and are found, with the old key kept.
        assert Child.objects.get(pk=child.pk).citizen_id == BOY_ID
        assert Child.objects.filter(citizen_id_q(BOY_ID)).get() == child
        call_command("rotate_keys", batch_size=1, stdout=open("/dev/null", "w"))  # noqa: SIM115
        for table in ("children_child", "children_historicalchild"):
            assert {key_id_of(v) for v in stored(table, "citizen_id")} == {"new"}
            assert {key_id_of(v) for v in stored(table, "guardian_phone")} == {"new"}
        assert stored("children_child", "citizen_id_hash")[0] != old_hash
        # A second run has nothing left to do.
        assert rotate_model(Child).rows_rewritten == 0

    with override_settings(CWIS_FIELD_KEYS=NEW_FIELD, CWIS_SEARCH_KEYS=NEW_SEARCH):
        # The old keys removed: everything still reads and is found.
        again = Child.objects.get(pk=child.pk)
        assert (again.citizen_id, again.guardian_phone) == (BOY_ID, PHONE)
        found = api(staff.director).get("/children", q=BOY_ID).json()
        assert [c["id"] for c in found["items"]] == [child.pk]


def test_rows_stored_before_encryption_are_read_then_encrypted_by_the_migration_step():
    child = ChildFactory(citizen_id=BOY_ID, guardian_phone=PHONE)
    with connection.cursor() as cursor:  # as the rows were before migration 0010
        cursor.execute("UPDATE children_child SET citizen_id = %s, guardian_phone = %s, "
                       "citizen_id_hash = ''", [BOY_ID, PHONE])
    assert Child.objects.get(pk=child.pk).citizen_id == BOY_ID
    assert not Child.objects.filter(citizen_id_q(BOY_ID)).exists()

    result = rotate_model(Child)  # what migration 0010 runs on every table
    assert result.rows_rewritten == 1
    assert stored("children_child", "citizen_id")[0].startswith("enc1:")
    assert Child.objects.filter(citizen_id_q(BOY_ID)).get() == child

    rotate_model(Child, to_plain_text=True)  # the migration's reverse
    assert stored("children_child", "citizen_id") == [BOY_ID]
    assert stored("children_child", "citizen_id_hash") == [""]


def test_the_masked_number_and_the_full_number_are_shown_as_before(staff, api):
    child = ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID)
    assert api(staff.director).get(f"/children/{child.pk}").json()["citizen_id"] == BOY_ID
    assert api(staff.caregiver).get(f"/children/{child.pk}").json()["citizen_id"] == (
        "36" + "*" * 16)
