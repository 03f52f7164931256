"""A child's whole file printed on A4 (issue 13, point 9): every section, no navigation or
buttons, logged as a print."""

import datetime as dt

import pytest

from cwis.children import services
from cwis.children.models import Child
from cwis.children.tests.factories import (
    BOY_ID,
    ChildDocumentFactory,
    ChildFactory,
    registration,
)
from cwis.core.models import AccessLog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def infant(staff) -> Child:
    return services.child_register(actor=staff.caregiver,
                                   **registration(staff.users.institution_a))


def printed(client, child) -> str:
    response = client.get(f"/children/{child.pk}/print/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_print_shows_every_section_of_the_file(staff, web, infant):
    ChildDocumentFactory(child=infant, number="民证字2026-7")
    services.child_update(actor=staff.director, child_id=infant.pk, version=infant.version,
                          changes={"ethnicity": "01"}, reason="补录民族")
    page = printed(web(staff.director), infant)
    for key in ("identity", "guardianship", "residence", "health", "education", "documents",
                "history"):
        assert f'id="section-{key}"' in page, key
    assert page.index('id="section-identity"') < page.index('id="section-history"')
    assert "党小安" in page.split('id="section-identity"')[1]
    assert 'id="intakes"' in page.split('id="section-guardianship"')[1]
    assert 'id="placements"' in page.split('id="section-residence"')[1]
    assert "民证字2026-7" in page.split('id="section-documents"')[1]
    assert "补录民族" in page.split('id="section-history"')[1]


def test_the_print_leaves_out_the_files_buttons_and_sets_a4(staff, web, infant):
    ChildDocumentFactory(child=infant)
    page = printed(web(staff.director), infant)
    sheet = page.split('id="child-file"')[1]
    for button in ('id="edit-link"', 'id="leave-link"', "nav-tabs", "/withdraw/", "btn"):
        assert button not in sheet, button
    assert "cwis/print.css" in page  # @page A4, navigation hidden in print
    assert 'data-print' in page


def test_the_print_is_logged_as_a_print_of_the_file(staff, web, infant):
    printed(web(staff.caregiver), infant)
    log = AccessLog.objects.get(object_type="child", object_id=str(infant.pk))
    assert (log.action, log.user) == ("print", staff.caregiver)


def test_the_print_masks_the_id_number_as_the_file_does(staff, web):
    child = ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID)
    assert BOY_ID not in printed(web(staff.caregiver), child)
    assert BOY_ID in printed(web(staff.director), child)


def test_the_file_links_to_its_print(staff, web, infant):
    page = web(staff.caregiver).get(f"/children/{infant.pk}/").content.decode()
    assert f'href="/children/{infant.pk}/print/"' in page


def test_out_of_scope_and_partner_users_get_404(staff, web, infant, make_user):
    assert web(staff.other_caregiver).get(f"/children/{infant.pk}/print/").status_code == 404
    partner = make_user("partner_viewer", partner_department="education")
    assert web(partner).get(f"/children/{infant.pk}/print/").status_code == 404
    assert not AccessLog.objects.filter(action="print").exists()


def test_the_overseer_may_print_what_it_may_read(staff, web, infant):
    assert "党小安" in printed(web(staff.users.overseer), infant)


def test_a_closed_file_prints_how_it_closed(staff, web, infant):
    services.child_leave_care(actor=staff.director, child_id=infant.pk, version=infant.version,
                              on=dt.date(2026, 1, 30), reason="death")
    assert 'id="print-left-care"' in printed(web(staff.director), infant)


def test_a_village_director_prints_a_community_childs_file(web, make_user):
    from cwis.protection import services as community
    from cwis.protection.tests.factories import VILLAGE, ensure_divisions, left_behind_boy

    ensure_divisions()
    director = make_user("child_director", division_code=VILLAGE)
    child = community.community_register(actor=director, data=left_behind_boy())
    client = web(director)
    page = client.get(f"/community/{child.pk}/").content.decode()
    assert f'href="/children/{child.pk}/print/"' in page
    printed_file = printed(client, child)
    assert "李留留" in printed_file.split('id="section-identity"')[1]
    assert 'id="section-guardianship"' in printed_file
