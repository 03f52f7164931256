import pytest

from cwis.conftest import COUNTY_A, COUNTY_B, PROVINCE
from cwis.core.audit import access_log_record
from cwis.core.errors import PermissionDeniedError
from cwis.core.models import AccessLog
from cwis.core.permissions import Role
from cwis.core.selectors import access_log_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(make_user):
    viewer = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_A)
    return access_log_record(
        actor=viewer, object_type="child", object_id=7, division_code=COUNTY_A
    )


def test_an_entry_cannot_be_changed_or_deleted(entry):
    entry.action = "edit"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        AccessLog.objects.filter(pk=entry.pk).update(action="edit")
    with pytest.raises(TypeError):
        AccessLog.objects.filter(pk=entry.pk).delete()
    assert AccessLog.objects.get(pk=entry.pk).action == "view"


def test_the_responsible_office_reads_its_own_log_only(entry, make_user):
    province = make_user(Role.PROVINCE_OFFICER, division_code=PROVINCE)
    other_county = make_user(Role.COUNTY_OFFICER, division_code=COUNTY_B)
    assert list(access_log_list(actor=province)) == [entry]
    assert list(access_log_list(actor=other_county)) == []


def test_a_caregiver_cannot_read_the_log(entry, make_user, scope_users):
    caregiver = make_user(Role.CAREGIVER, institution=scope_users.institution_a)
    with pytest.raises(PermissionDeniedError):
        access_log_list(actor=caregiver)


def test_the_log_page_is_hidden_from_roles_without_audit(entry, make_user, scope_users, web):
    caregiver = make_user(Role.CAREGIVER, institution=scope_users.institution_a)
    assert web(caregiver).get("/audit/").status_code == 404
    # The audit administrator reads the whole log; the system administrator, not (三员分立).
    assert web(make_user(Role.SYSTEM_ADMIN)).get("/audit/").status_code == 404
    response = web(make_user(Role.AUDIT_ADMIN)).get("/audit/")
    assert response.status_code == 200
    assert "child #7" not in response.content.decode()  # named, not a raw code
    assert "log-entry" in response.content.decode()
