"""The yearly report's Word file is laid out on A4, as official documents are printed."""

import io

import pytest
from docx import Document

from cwis.conftest import PROVINCE
from cwis.oversight import services

pytestmark = pytest.mark.django_db


def test_the_word_file_is_a4_not_us_letter(province, web):
    report = services.report_create(actor=province, province_code=PROVINCE, year=2024)
    answer = web(province).get(f"/api/v1/reports/{report.pk}/export.docx")
    assert answer.status_code == 200
    sections = Document(io.BytesIO(answer.content)).sections
    assert sections
    for section in sections:
        # python-docx rounds to whole twips: compare in millimetres.
        assert round(section.page_width.mm) == 210
        assert round(section.page_height.mm) == 297
        assert round(section.left_margin.mm) == 28
