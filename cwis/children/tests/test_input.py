"""Bad input answers 422 (never 500): control characters, implausible dates, huge numbers,
missing files."""

import pytest
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import translation
from django.utils.html import escape

from cwis.children import services
from cwis.children.models import Child, ChildDocument
from cwis.children.tests.factories import ChildDocumentFactory, registration
from cwis.children.tests.test_pages import edit_form, text
from cwis.core.input import MSG_CONTROL_CHARACTER
from cwis.core.validators import MSG_DATE_FUTURE, MSG_DATE_TOO_EARLY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]

TOO_BIG = "99999999999999999999999"  # beyond 2**63 - 1


@pytest.fixture
def infant(staff) -> Child:
    return services.child_register(actor=staff.caregiver,
                                   **registration(staff.users.institution_a))


def api_messages(response, field: str) -> list[str]:
    return [e["msg"] for e in response.json()["detail"] if e["loc"][-1] == field]


@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x1b"])
def test_a_page_refuses_a_name_with_a_control_character_beside_the_field(staff, web, infant,
                                                                         bad):
    response = web(staff.caregiver).post(f"/children/{infant.pk}/edit/",
                                         edit_form(infant, name=f"李{bad}明"))
    assert response.status_code == 422
    page = text(response)
    assert 'id="error-name"' in page
    with translation.override("zh-hans"):
        # Django's own CharField refuses a NUL first, with its message.
        expected = ProhibitNullCharactersValidator.message if bad == "\x00" else (
            MSG_CONTROL_CHARACTER)
        assert escape(str(expected)) in page
    assert Child.objects.get(pk=infant.pk).name == infant.name


def test_a_multi_line_field_keeps_newlines_and_tabs(staff, web, infant):
    response = web(staff.caregiver).post(
        f"/children/{infant.pk}/edit/",
        edit_form(infant, health_summary="第一行\r\n\t第二行"))
    assert response.status_code == 302
    assert "\t第二行" in Child.objects.get(pk=infant.pk).health_summary


@pytest.mark.parametrize("bad", ["\x00", "\x07"])
def test_the_api_refuses_control_characters_in_bodies_and_query_parameters(staff, api, infant,
                                                                           bad):
    client = api(staff.caregiver)
    response = client.patch(f"/children/{infant.pk}", {"version": infant.version,
                                                       "name": f"李{bad}明"})
    assert response.status_code == 422
    assert api_messages(response, "name") == [str(MSG_CONTROL_CHARACTER)]
    response = client.get("/children", q=f"李{bad}")
    assert response.status_code == 422
    assert api_messages(response, "q") == [str(MSG_CONTROL_CHARACTER)]


def test_a_page_refuses_a_control_character_in_its_query(staff, web):
    assert web(staff.caregiver).get("/children/", {"q": "李\x00"}).status_code == 422


def test_the_service_refuses_a_control_character_whoever_calls_it(staff, infant):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        services.child_update(actor=staff.caregiver, child_id=infant.pk,
                              version=infant.version, changes={"name": "李\x07明"})
    assert info.value.message_dict["name"] == [MSG_CONTROL_CHARACTER]


@pytest.mark.parametrize(("birth", "message"), [("0001-01-01", MSG_DATE_TOO_EARLY),
                                                ("1899-12-31", MSG_DATE_TOO_EARLY),
                                                ("9999-12-31", MSG_DATE_FUTURE)])
def test_an_implausible_birth_date_is_refused_by_patch(staff, api, infant, birth, message):
    response = api(staff.caregiver).patch(f"/children/{infant.pk}", {
        "version": infant.version, "birth_date": birth})
    assert response.status_code == 422
    assert str(message) in api_messages(response, "birth_date")


@pytest.mark.parametrize("query", [{"offset": TOO_BIG}, {"limit": TOO_BIG}, {"offset": "-1"},
                                   {"offset": str(2**63 - 1)}])
def test_numbers_beyond_the_database_answer_422(staff, api, query):
    assert api(staff.caregiver).get("/children", **query).status_code == 422


def test_an_institution_beyond_the_database_is_refused_or_finds_nothing(staff, api, web):
    response = api(staff.caregiver).get("/children", institution=TOO_BIG)
    assert response.status_code == 422 or response.json()["count"] == 0
    assert web(staff.caregiver).get("/children/", {"institution": TOO_BIG}).status_code in (
        200, 422)


def test_an_id_beyond_the_database_is_not_found(staff, api, web):
    assert api(staff.caregiver).get(f"/children/{TOO_BIG}").status_code in (404, 422)
    assert web(staff.caregiver).get(f"/children/{TOO_BIG}/").status_code == 404


def test_a_document_whose_file_is_missing_is_not_found(staff, api, web, infant):
    document = ChildDocumentFactory(child=infant)
    ChildDocument.objects.filter(pk=document.pk).update(file="children/documents/gone.pdf")
    assert web(staff.caregiver).get(
        f"/children/{infant.pk}/documents/{document.pk}/").status_code == 404
    assert api(staff.caregiver).get(
        f"/children/{infant.pk}/documents/{document.pk}/file").status_code == 404
