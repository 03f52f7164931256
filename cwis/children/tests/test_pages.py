"""The registry's pages: list, register, detail tabs, edit, leave, documents, export."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from PIL import Image

from cwis.children import services
from cwis.children.choices import ChildStatus
from cwis.children.models import Child
from cwis.children.tests.factories import (
    BOY_ID,
    ChildDocumentFactory,
    ChildFactory,
    registration,
)
from cwis.core.errors import MSG_STALE_VERSION
from cwis.core.models import AccessLog

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def infant(staff) -> Child:
    return services.child_register(actor=staff.caregiver,
                                   **registration(staff.users.institution_a))


def register_form(institution, **overrides) -> dict:
    form = {
        "institution": institution.pk, "intake_on": "2026-01-06",
        "intake_category": "found_child", "legal_basis": "m2018_9_1",
        "name": "国小宁", "sex": "male", "birth_date": "2025-12-20",
        "birth_date_estimated": "on", "found_on": "2026-01-04", "found_place": "进贤县民和镇",
        "guardian_kind": "long_term", "guardianship_situation": "mpl94_1",
        "guardianship_since": "2026-01-06", "identity_status": "pending",
        "hukou_type": "not_registered", "insurance_status": "pending", "is_orphan": "on",
        "is_parents_not_found": "on",
    }
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


def edit_form(child: Child, **overrides) -> dict:
    form = register_form(child.current_institution, name=child.name, sex=child.sex,
                         birth_date=child.birth_date.isoformat(),
                         found_on=child.found_on.isoformat() if child.found_on else "",
                         found_place=child.found_place, version=child.version)
    for key in ("institution", "intake_on", "intake_category", "legal_basis"):
        form.pop(key)
    form.update(overrides)
    return form


def text(response) -> str:
    return response.content.decode()


def test_a_caregiver_registers_a_child_through_the_page(staff, web):
    client = web(staff.caregiver)
    assert client.get("/children/new/").status_code == 200
    response = client.post("/children/new/", register_form(staff.users.institution_a))
    child = Child.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/children/{child.pk}/"
    assert child.name_initials == "gxn"
    assert child.birth_date_estimated


def test_the_register_page_shows_each_refusal_beside_its_field(staff, web):
    client = web(staff.caregiver)
    page = text(client.post("/children/new/", register_form(
        staff.users.institution_a, birth_date="2026-01-10", citizen_id="360121201503081230")))
    assert 'id="error-birth_date"' in page
    assert 'id="error-citizen_id"' in page
    assert Child.objects.count() == 0


def test_the_register_page_lists_possible_duplicates_to_dismiss(staff, web, infant):
    # The same child in another county's file: nothing about it is shown, not even a count.
    ChildFactory(current_institution=staff.users.institution_b, name="党小安", sex="female",
                 birth_date=dt.date(2026, 1, 2))
    client = web(staff.caregiver)
    form = register_form(staff.users.institution_a, name="党小安", sex="female",
                         birth_date="2026-01-02", found_on=None, found_place=None)
    page = text(client.post("/children/new/", form))
    assert 'id="duplicates"' in page
    assert f'value="{infant.pk}"' in page
    assert "duplicates-outside" not in page
    shown = AccessLog.objects.get(object_type="child", action="duplicate_check")
    assert (shown.object_id, shown.user) == (str(infant.pk), staff.caregiver)
    assert Child.objects.count() == 2
    response = client.post("/children/new/", {**form, "dismissed_duplicates": [infant.pk]})
    assert response.status_code == 302
    assert Child.objects.count() == 3


def test_officers_cannot_open_the_register_page(staff, web):
    for user in (staff.users.overseer, staff.users.in_scope, staff.doctor):
        assert web(user).get("/children/new/").status_code == 403


def test_the_list_is_scoped_masks_id_numbers_and_finds_by_initials(staff, web,
                                                                  django_assert_max_num_queries):
    ChildFactory(current_institution=staff.users.institution_a, name="李明", citizen_id=BOY_ID)
    for _ in range(12):
        ChildFactory(current_institution=staff.users.institution_a)
    hidden = ChildFactory(current_institution=staff.users.institution_b, name="赵雷")
    client = web(staff.caregiver)
    client.get("/")  # the session and the language are loaded once, outside the count
    with django_assert_max_num_queries(9):
        page = text(client.get("/children/"))
    assert "36****************" in page
    assert BOY_ID not in page
    assert hidden.name not in page
    found = text(client.get("/children/", {"q": "lm"}))
    assert "李明" in found
    assert "王" not in found.split('id="child-table"')[1]


def test_the_detail_page_is_logged_and_masks_the_id_number_for_a_caregiver(staff, web):
    child = ChildFactory(current_institution=staff.users.institution_a, citizen_id=BOY_ID)
    assert "36****************" in text(web(staff.caregiver).get(f"/children/{child.pk}/"))
    assert BOY_ID in text(web(staff.director).get(f"/children/{child.pk}/"))
    assert AccessLog.objects.filter(object_type="child", object_id=str(child.pk)).count() == 2


@pytest.mark.parametrize("tab", ["identity", "guardianship", "residence", "health",
                                 "education", "documents", "history"])
def test_every_tab_renders(staff, web, infant, tab):
    response = web(staff.director).get(f"/children/{infant.pk}/", {"tab": tab})
    assert response.status_code == 200
    assert 'aria-current="page" href="?tab=' + tab in text(response)


def test_the_history_tab_names_the_record_the_change_and_its_reason(staff, web, infant):
    services.child_leave_care(actor=staff.director, child_id=infant.pk, version=infant.version,
                              on=dt.date(2026, 1, 30), reason="death")
    services.child_update(actor=staff.director, child_id=infant.pk, version=infant.version + 1,
                          changes={"ethnicity": "01"}, reason="补录民族")
    history = text(web(staff.director).get(f"/children/{infant.pk}/", {"tab": "history"}))
    history = history.split('id="history"')[1]
    assert "补录民族" in history
    assert "汉族" in history  # the new value, by its label
    assert "安置" in history  # the placement that leaving care ended is a record of its own


def test_the_detail_shows_missing_documents_and_deadlines(staff, web, infant):
    page = text(web(staff.caregiver).get(f"/children/{infant.pk}/"))
    assert 'id="missing-documents"' in page
    assert "2026-02-05" in page.split('id="child-deadlines"')[1]


def test_out_of_scope_pages_answer_404(staff, web, infant):
    client = web(staff.other_caregiver)
    for url in ("", "edit/", "leave/", "move/", "merge/", "entered-in-error/",
                "documents/add/", "photo/", "documents/1/"):
        assert client.get(f"/children/{infant.pk}/{url}").status_code == 404, url


def test_the_overseer_reads_but_every_write_page_is_refused(staff, web, infant):
    client = web(staff.users.overseer)
    assert client.get(f"/children/{infant.pk}/").status_code == 200
    for url in ("edit/", "leave/", "move/", "merge/", "entered-in-error/", "documents/add/"):
        assert client.get(f"/children/{infant.pk}/{url}").status_code == 403, url
    response = client.post(f"/children/{infant.pk}/edit/", edit_form(infant, name="x"))
    assert response.status_code == 403
    assert Child.objects.get(pk=infant.pk).name == "党小安"


def test_a_partner_viewer_sees_no_children(web, make_user, infant):
    partner = make_user("partner_viewer", partner_department="education")
    client = web(partner)
    assert client.get("/children/").status_code == 403
    assert client.get(f"/children/{infant.pk}/").status_code == 404


def test_an_edit_saves_and_a_stale_one_says_so(staff, web, infant):
    client = web(staff.caregiver)
    assert client.get(f"/children/{infant.pk}/edit/").status_code == 200
    response = client.post(f"/children/{infant.pk}/edit/",
                           edit_form(infant, health_summary="黄疸已退"))
    assert response.status_code == 302
    stale = text(web(staff.doctor).post(f"/children/{infant.pk}/edit/",
                                        edit_form(infant, health_summary="体重偏轻")))
    assert str(MSG_STALE_VERSION) in stale.replace("&#x27;", "'")
    assert Child.objects.get(pk=infant.pk).health_summary == "黄疸已退"


def test_a_director_records_leaving_care_through_the_page(staff, web, infant):
    client = web(staff.director)
    response = client.post(f"/children/{infant.pk}/leave/", {
        "version": infant.version, "on": "2026-01-31", "reason": "family",
        "destination": "生父母 王某某、李某某", "note": "经DNA比对确认亲子关系"})
    assert response.status_code == 302
    child = Child.objects.get(pk=infant.pk)
    assert child.status == ChildStatus.LEFT_CARE
    assert 'id="left-care"' in text(client.get(f"/children/{infant.pk}/"))
    assert web(staff.caregiver).get(f"/children/{infant.pk}/leave/").status_code == 403


def test_a_document_is_uploaded_and_downloaded_through_the_logged_view(staff, web, infant):
    client = web(staff.caregiver)
    upload = SimpleUploadedFile("寻亲公告.pdf", b"%PDF-1.4 notice")
    response = client.post(f"/children/{infant.pk}/documents/add/", {
        "kind": "search_notice", "issued_on": "2026-01-07", "file": upload})
    assert response.status_code == 302
    document = infant.documents.get()
    download = client.get(f"/children/{infant.pk}/documents/{document.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 notice"
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert document.file.name.endswith(".pdf")
    assert "寻亲公告" not in document.file.name
    assert AccessLog.objects.filter(action="document", user=staff.caregiver).count() == 1


def test_a_director_withdraws_a_wrong_document_with_its_reason(staff, web, infant):
    document = ChildDocumentFactory(child=infant)
    url = f"/children/{infant.pk}/documents/{document.pk}/withdraw/"
    assert web(staff.other_director).get(url).status_code == 404
    client = web(staff.director)
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 422
    assert 'id="error-reason"' in text(refused)
    response = client.post(url, {"reason": "上传错了儿童的报案证明"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.withdrawn_reason == "上传错了儿童的报案证明"


def test_a_move_to_a_family_style_residence_through_the_page(staff, web, infant):
    from cwis.institutions.models import FamilyResidence

    home = FamilyResidence.objects.create(institution=staff.users.institution_a, name="阳光之家")
    response = web(staff.caregiver).post(f"/children/{infant.pk}/move/", {
        "version": infant.version, "on": "2026-01-20", "kind": "family_residence",
        "family_residence": home.pk, "reason": "家庭式养育"})
    assert response.status_code == 302
    assert infant.placements.get(ended_on__isnull=True).family_residence == home


def test_the_export_is_a_workbook_with_masked_id_numbers(staff, web):
    ChildFactory(current_institution=staff.users.institution_a, name="李明", citizen_id=BOY_ID)
    ChildFactory(current_institution=staff.users.institution_b, name="赵雷")
    response = web(staff.caregiver).get("/children/export.xlsx", {"q": "李"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == "李明"
    assert rows[1][4] == "36****************"
    assert AccessLog.objects.filter(action="export").count() == 1


def test_the_export_writes_a_formula_like_name_as_plain_text(staff, web):
    ChildFactory(current_institution=staff.users.institution_a, name='=HYPERLINK("http://x","y")')
    response = web(staff.caregiver).get("/children/export.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cell = book.active["A2"]
    assert cell.data_type == "s"  # a string cell, not a formula ("f")
    assert cell.value == '\'=HYPERLINK("http://x","y")'
    assert isinstance(book.active["C2"].value, dt.datetime)  # dates stay dates


def test_a_stored_control_character_does_not_break_the_export(staff, web):
    ChildFactory(current_institution=staff.users.institution_a, name="李\x07明")
    response = web(staff.caregiver).get("/children/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert list(book.active.iter_rows(values_only=True))[1][0] == "李明"


def test_the_nav_shows_children_to_those_who_may_see_them(staff, web, make_user):
    assert 'id="nav-children"' in text(web(staff.caregiver).get("/"))
    partner = make_user("partner_viewer", partner_department="education")
    assert 'id="nav-children"' not in text(web(partner).get("/"))


def test_the_home_to_do_list_shows_the_two_intake_deadlines(staff, web, infant):
    page = text(web(staff.caregiver).get("/"))
    todo = page.split('id="todo-list"')[1]
    assert todo.count(f"/children/{infant.pk}/") == 3  # notice, identity+insurance, documents
    assert "2026-02-05" in todo
    assert "2026-01-21" in todo


def test_dates_in_forms_are_iso(staff, web, infant):
    page = text(web(staff.caregiver).get(f"/children/{infant.pk}/edit/"))
    assert f'value="{dt.date(2026, 1, 2).isoformat()}"' in page


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


PNG = png_bytes()


def test_a_photo_is_uploaded_and_served_only_through_the_scoped_view(staff, web, infant):
    client = web(staff.caregiver)
    photo = SimpleUploadedFile("小安.png", PNG, content_type="image/png")
    response = client.post(f"/children/{infant.pk}/edit/", {**edit_form(infant), "photo": photo})
    assert response.status_code == 302
    child = Child.objects.get(pk=infant.pk)
    assert "小安" not in child.photo.name  # stored under a random name
    served = client.get(f"/children/{infant.pk}/photo/")
    with Image.open(io.BytesIO(b"".join(served.streaming_content))) as image:
        assert (image.format, image.size) == ("PNG", (4, 3))
    assert web(staff.other_caregiver).get(f"/children/{infant.pk}/photo/").status_code == 404
    assert client.get(f"/media/{child.photo.name}").status_code == 404


@pytest.mark.parametrize("name", ["x.html", "x.svg"])
def test_a_script_behind_png_magic_bytes_is_refused_as_a_photo(staff, web, infant, name):
    fake = SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n<script>alert(1)</script>",
                              content_type="text/html")
    response = web(staff.caregiver).post(f"/children/{infant.pk}/edit/",
                                         {**edit_form(infant), "photo": fake})
    assert response.status_code == 422
    assert 'id="error-photo"' in text(response)
    assert not Child.objects.get(pk=infant.pk).photo


@pytest.mark.parametrize("name", ["x.html", "x.svg"])
def test_a_real_image_named_as_a_page_is_stored_and_served_as_png(staff, web, infant, name):
    client = web(staff.caregiver)
    photo = SimpleUploadedFile(name, PNG + b"<script>alert(1)</script>", content_type="text/html")
    response = client.post(f"/children/{infant.pk}/edit/", {**edit_form(infant), "photo": photo})
    assert response.status_code == 302
    stored = Child.objects.get(pk=infant.pk).photo.name
    assert stored.endswith(".png")
    assert "x." not in stored
    served = client.get(f"/children/{infant.pk}/photo/")
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"<script>" not in b"".join(served.streaming_content)  # re-encoded by Pillow


def test_a_photo_that_is_not_an_image_is_refused(staff, web, infant):
    fake = SimpleUploadedFile("photo.png", b"%PDF-1.4 not an image")
    page = text(web(staff.caregiver).post(f"/children/{infant.pk}/edit/",
                                          {**edit_form(infant), "photo": fake}))
    assert 'id="error-photo"' in page
    assert not Child.objects.get(pk=infant.pk).photo


def test_the_list_sorts_by_a_column_and_keeps_the_search_in_its_links(staff, web, infant):
    page = text(web(staff.caregiver).get("/children/", {"q": "dang", "sort": "-birth"}))
    header = page.split('aria-sort="descending"')[1][:200]
    assert "sort=birth" in header  # the column again: the other direction
    assert "q=dang" in header
    assert infant.name in page
