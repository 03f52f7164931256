"""The printed file in Chromium (issue 13, point 9): printed, the page shows every section and
no navigation or buttons, and the PDF the browser saves is A4."""

import re

import pytest

from cwis.children import services
from cwis.children.tests.factories import ChildDocumentFactory, registration
from cwis.children.tests.test_browser import sign_in
from cwis.core.permissions import Role
from cwis.institutions.tests.factories import InstitutionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_POINTS = (595, 842)  # 210 x 297 mm at 72 points an inch, rounded


def test_the_file_prints_whole_on_a4_without_navigation(live_server, make_user, page):
    home = InstitutionFactory(name="南昌市儿童福利院", division_code="360100",
                              level="prefecture")
    director = make_user(Role.DIRECTOR, institution=home, username="zhou",
                         display_name="周院长")
    child = services.child_register(actor=director, **registration(home))
    ChildDocumentFactory(child=child)
    sign_in(page, live_server, "zhou")
    page.goto(f"{live_server.url}/children/{child.pk}/")
    page.click("#print-link")
    page.wait_for_selector("#child-file")
    page.wait_for_selector("#print-button", state="visible")  # on the screen: a button

    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    assert not page.locator("#print-button").is_visible()
    assert not page.locator("footer").is_visible()
    for key in ("identity", "guardianship", "residence", "health", "education", "documents",
                "history"):
        assert page.locator(f"#section-{key}").is_visible(), key
    assert page.locator("#child-file .btn:visible").count() == 0

    pdf = page.pdf(prefer_css_page_size=True)  # as "save as PDF" does, with print.css's @page
    boxes = {tuple(round(float(n)) for n in box.split()[2:4])
             for box in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)}
    assert boxes == {A4_POINTS}
