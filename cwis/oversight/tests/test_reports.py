import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from docx import Document
from openpyxl import load_workbook

from cwis.conftest import OTHER_PROVINCE, PROVINCE
from cwis.core.errors import NotFoundError, PermissionDeniedError, StaleVersionError
from cwis.institutions.tests.factories import InstitutionFactory
from cwis.oversight import services
from cwis.oversight.models import ReportStatus, YearlyReport

pytestmark = pytest.mark.django_db

TEXTS = {"summary": "总体进展良好", "measures": "完成移交", "problems": "人员不足",
         "next_steps": "继续推进"}


def institutions_in_2024(**kwargs):
    """Institutions as they were created in mid-2024, so a 2024 report counts them."""
    with time_machine.travel(dt.datetime(2024, 6, 1, tzinfo=dt.UTC), tick=False):
        InstitutionFactory(division_code="360121", level="county", beds=40)
        InstitutionFactory(division_code="360100", level="prefecture", beds=200)
        InstitutionFactory(division_code="360731", level="county", kind="minors_protection")
        InstitutionFactory(division_code="430121", level="county")  # another province


@pytest.fixture
def report(province):
    institutions_in_2024()
    return services.report_create(actor=province, province_code=PROVINCE, year=2026 - 2)


def refused(call, field=None, message=None):
    with pytest.raises(ValidationError) as info:
        call()
    if field:
        assert info.value.message_dict[field] == [str(message)]
    return info.value


def test_a_report_is_prefilled_with_the_provinces_figures(report):
    assert report.figures["institutions_child_welfare"] == 2
    assert report.figures["institutions_minors_protection"] == 1
    assert report.figures["beds"] == 240
    assert report.figures["county_institutions_transformed"] == 1
    assert report.figures["county_child_welfare_remaining"] == 1
    assert report.figures_as_of == dt.date(2024, 12, 31)


def test_figures_are_as_of_the_year_end_not_today(province):
    # The institution is created now (2026), so the 2022 report must not count it.
    InstitutionFactory(division_code="360121", level="county")
    report = services.report_create(actor=province, province_code=PROVINCE, year=2022)
    assert report.figures["institutions_child_welfare"] == 0


def test_the_province_files_and_the_ministry_accepts(report, province, ministry):
    report = services.report_update(actor=province, report_id=report.pk,
                                    version=report.version, **TEXTS)
    report = services.report_submit(actor=province, report_id=report.pk, version=report.version)
    assert report.status == ReportStatus.SUBMITTED
    report = services.report_accept(actor=ministry, report_id=report.pk)
    assert report.status == ReportStatus.ACCEPTED
    assert report.history.count() >= 4


def test_a_returned_report_can_be_revised_and_resubmitted(report, province, ministry):
    report = services.report_update(actor=province, report_id=report.pk,
                                    version=report.version, **TEXTS)
    report = services.report_submit(actor=province, report_id=report.pk, version=report.version)
    refused(lambda: services.report_return(actor=ministry, report_id=report.pk, comment=" "),
            "comment", services.MSG_RETURN_NEEDS_COMMENT)
    report = services.report_return(actor=ministry, report_id=report.pk, comment="补充数据")
    report = services.report_update(actor=province, report_id=report.pk,
                                    version=report.version, problems="已补充")
    assert services.report_submit(actor=province, report_id=report.pk,
                                  version=report.version).status == ReportStatus.SUBMITTED


@pytest.mark.parametrize("year", [2021, 2026])
def test_a_year_outside_2022_to_2025_is_refused(province, year):
    refused(lambda: services.report_create(actor=province, province_code=PROVINCE, year=year),
            "year", services.MSG_YEAR_RANGE)
    assert YearlyReport.objects.count() == 0


def test_another_provinces_report_is_refused(province):
    refused(lambda: services.report_create(actor=province, province_code=OTHER_PROVINCE,
                                           year=2024),
            "province", services.MSG_PROVINCE_OUTSIDE)


def test_a_second_report_for_the_same_year_is_refused(report, province):
    refused(lambda: services.report_create(actor=province, province_code=PROVINCE, year=2024),
            "year", services.MSG_REPORT_EXISTS)


def test_an_incomplete_report_cannot_be_submitted(report, province):
    report = services.report_update(actor=province, report_id=report.pk,
                                    version=report.version, summary="有进展")
    error = refused(lambda: services.report_submit(actor=province, report_id=report.pk,
                                                   version=report.version))
    assert error.code == "incomplete"
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_submitted_report_cannot_be_edited(report, province):
    report = services.report_update(actor=province, report_id=report.pk,
                                    version=report.version, **TEXTS)
    report = services.report_submit(actor=province, report_id=report.pk, version=report.version)
    error = refused(lambda: services.report_update(actor=province, report_id=report.pk,
                                                   version=report.version, summary="改"))
    assert error.messages == [str(services.MSG_REPORT_NOT_EDITABLE)]


def test_a_stale_version_is_refused(report, province):
    services.report_update(actor=province, report_id=report.pk, version=report.version,
                           summary="第一次")
    with pytest.raises(StaleVersionError):
        services.report_update(actor=province, report_id=report.pk, version=report.version,
                               summary="第二次")
    report.refresh_from_db()
    assert report.summary == "第一次"


def test_only_the_ministry_reviews(report, province):
    with pytest.raises(PermissionDeniedError):
        services.report_accept(actor=province, report_id=report.pk)


def test_another_provinces_officer_cannot_touch_the_report(report, other_province):
    other = other_province
    with pytest.raises(NotFoundError):
        services.report_update(actor=other, report_id=report.pk, version=report.version,
                               summary="x")


def test_a_county_officer_may_not_edit_reports(report, scope_users):
    with pytest.raises(PermissionDeniedError):
        services.report_update(actor=scope_users.in_scope, report_id=report.pk,
                               version=report.version, summary="x")


def test_the_api_files_a_report_that_the_ministry_accepts_and_both_exports_hold_the_figures(
    api, province, ministry
):
    institutions_in_2024()
    client = api(province)
    response = client.post("/reports", {"province": PROVINCE, "year": 2024})
    assert response.status_code == 201, response.content
    report = response.json()
    figures = {f["key"]: f["value"] for f in report["figures"]}
    assert figures["institutions_child_welfare"] == 2
    response = client.patch(f"/reports/{report['id']}", {"version": report["version"], **TEXTS})
    assert response.status_code == 200
    response = client.post(f"/reports/{report['id']}/submit",
                           {"version": response.json()["version"]})
    assert response.json()["status"] == "submitted"
    assert api(ministry).post(f"/reports/{report['id']}/accept", {}).json()["status"] == (
        "accepted"
    )

    docx = client.get(f"/reports/{report['id']}/export.docx")
    assert docx.status_code == 200
    document = Document(io.BytesIO(docx.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "江西省" in text
    assert "2024" in text
    assert "总体进展良好" in text
    table = {row.cells[1].text: row.cells[2].text for row in document.tables[0].rows[1:]}
    assert table[str(_label("institutions_child_welfare"))] == "2"

    xlsx = client.get(f"/reports/{report['id']}/export.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = {row[1]: row[2] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert values[str(_label("institutions_child_welfare"))] == 2
    assert values[str(_label("beds"))] == 240
    # in Chinese: the value column is 数值, and no column of English keys (issue 13, 15)
    header = next(sheet.iter_rows(min_row=4, max_row=4, values_only=True))
    assert "数值" in header, header
    assert "指标代码" not in header
    assert not any(isinstance(v, str) and v == "institutions_child_welfare"
                   for row in sheet.iter_rows(values_only=True) for v in row)
    assert document.tables[0].rows[0].cells[2].text == "数值"


def _label(key):
    from cwis.oversight.figures import figure_list

    return next(figure.label for figure in figure_list() if figure.key == key)


def test_the_api_refuses_bad_years_with_422(api, province):
    response = api(province).post("/reports", {"province": PROVINCE, "year": 2030})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "year"]


def test_the_api_hides_other_provinces_reports(api, report, other_province):
    other = other_province
    assert api(other).get(f"/reports/{report.pk}").status_code == 404
    assert api(other).get(f"/reports/{report.pk}/export.docx").status_code == 404
    assert api(other).get("/reports").json() == []


def test_child_figures_come_from_the_residence_timeline_at_year_end(province):
    from cwis.children.tests.factories import ChildFactory

    with time_machine.travel(dt.datetime(2024, 6, 1, tzinfo=dt.UTC), tick=False):
        county = InstitutionFactory(division_code="360121", level="county")
    ChildFactory(current_institution=county, is_orphan=True)
    ChildFactory(current_institution=county, is_orphan=True, citizen_id="360121201501010012",
                 disability_type="physical", disability_grade=3)
    adopted = ChildFactory(current_institution=county, sex="female")
    adopted.placements.update(ended_on=dt.date(2024, 5, 1))
    type(adopted).objects.filter(pk=adopted.pk).update(
        status="left_care", current_institution=None, left_care_on=dt.date(2024, 5, 1),
        leave_reason="adoption")
    ChildFactory(current_institution=InstitutionFactory(division_code="430121"))  # elsewhere
    figures = services.report_create(actor=province, province_code=PROVINCE, year=2024).figures
    assert figures["children_in_care"] == 2
    assert figures["orphans_in_care"] == 2
    assert figures["orphans_in_care_with_id"] == 1
    assert figures["orphans_in_care_without_id"] == 1
    assert figures["disabled_in_care"] == 1
    assert (figures["adoptions"], figures["adoptions_girls"]) == (1, 1)


def test_community_figures_count_the_registry_on_the_year_end(province):
    from cwis.children.tests.factories import CommunityChildFactory

    def community(code, registered, closed=None, **flags):
        flags.setdefault("is_left_behind", False)
        CommunityChildFactory(
            division_code=code, registered_on=registered, registry_closed_on=closed,
            status="off_register" if closed else "in_community",
            registry_exit_reason="moved_away" if closed else "", **flags)

    community("360121100201", dt.date(2023, 3, 1), is_left_behind=True)
    community("360121100201", dt.date(2024, 3, 1), is_orphan=True)
    community("360121100202", dt.date(2024, 3, 1), is_in_difficulty=True,
              difficulty_kind="poverty")
    community("360121100202", dt.date(2024, 3, 1), is_in_difficulty=True,
              difficulty_kind="disability", is_de_facto_unsupported=True)
    community("360121100201", dt.date(2025, 1, 5), is_left_behind=True)  # after the year
    community("360121100201", dt.date(2023, 1, 5), dt.date(2024, 7, 1),
              is_left_behind=True)  # removed during the year
    community("360121100201", dt.date(2023, 1, 5), dt.date(2025, 2, 1),
              is_left_behind=True)  # removed after it: still counted
    community("430121100201", dt.date(2023, 1, 5), is_orphan=True)  # another province
    figures = services.report_create(actor=province, province_code=PROVINCE, year=2024).figures
    assert figures["community_left_behind"] == 2
    assert figures["community_scattered_orphans"] == 1
    assert figures["community_in_difficulty"] == 2
    assert figures["community_in_difficulty_poverty"] == 1
    assert figures["community_de_facto_unsupported"] == 1
    assert figures["children_in_care"] == 0  # community files are not children in care


def test_both_exports_survive_stored_control_characters_and_write_no_formula(api, report,
                                                                            province):
    YearlyReport.objects.filter(pk=report.pk).update(summary="进展\x07良好", measures="=1+1")
    client = api(province)
    docx = client.get(f"/reports/{report.pk}/export.docx")
    assert docx.status_code == 200
    assert "进展良好" in "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    xlsx = client.get(f"/reports/{report.pk}/export.xlsx")
    assert xlsx.status_code == 200
    texts = load_workbook(io.BytesIO(xlsx.content)).worksheets[1]
    cells = [row[1] for row in texts.iter_rows()]
    assert [c.value for c in cells[:2]] == ["进展良好", "'=1+1"]
    assert all(c.data_type == "s" for c in cells if c.value is not None)


def test_a_year_beyond_the_database_is_not_a_500(api, province):
    response = api(province).get("/reports", year="99999999999999999999999")
    assert response.status_code in (200, 422)
