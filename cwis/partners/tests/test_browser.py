"""Issue 18's "done when" in headless Chromium: the county sends the hukou migration of a
received transfer to public security; the public-security partner signs in, sees the
request (and only it), answers the child done with the hukou number, and the child's hukou
moves to the receiving institution's place. Screenshots in Chinese at 375 px too."""

import os
import tempfile

import pytest
from playwright.sync_api import expect

from cwis.accounts.models import User
from cwis.children.tests.test_browser import sign_in
from cwis.conftest import COUNTY_A
from cwis.core.permissions import PartnerDepartment, Role
from cwis.core.tests.a11y import axe_violations, overflow, untranslated
from cwis.core.tests.test_browser_pages import PHONE, _open_as
from cwis.partners import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("CWIS_SHOTS", os.path.join(tempfile.gettempdir(), "shots-partners"))


def test_public_security_answers_a_hukou_migration_and_the_hukou_moves(
        live_server, make_user, page, scope_users, received_transfer, browser):
    make_user(Role.PARTNER_VIEWER, division_code=COUNTY_A, username="zhao",
              partner_department=PartnerDepartment.PUBLIC_SECURITY)
    request = services.request_send(actor=scope_users.in_scope, kind="hukou_migration",
                                    department=PartnerDepartment.PUBLIC_SECURITY,
                                    child_ids=[received_transfer.child_id])
    item = request.items.get()

    sign_in(page, live_server, "zhao")
    page.goto(f"{live_server.url}/partners/requests/")
    expect(page.locator("#request-table tbody tr")).to_have_count(1)
    page.click(f"#request-table a[href='/partners/requests/{request.pk}/']")
    expect(page.locator(f"#item-{item.pk}")).to_contain_text("李晓花")
    page.select_option(f"#id_item-{item.pk}-outcome", "done")
    page.fill(f"#id_item-{item.pk}-reference", "H360100-0042")
    page.click(f"#item-{item.pk} button[type=submit]")
    expect(page.locator(f"#item-{item.pk}-answer")).to_contain_text("H360100-0042")

    child = received_transfer.child
    child.refresh_from_db()
    assert child.hukou_division.code == received_transfer.to_institution.division_code
    received_transfer.refresh_from_db()
    assert received_transfer.hukou_status == "done"
    assert page.goto(f"{live_server.url}/children/{child.pk}/").status == 404

    # The page in Chinese on a 375 px phone: no sideways scrolling, no English left.
    os.makedirs(SHOTS, exist_ok=True)
    partner = User.objects.get(username="zhao")
    for who, url in (("partner", f"/partners/requests/{request.pk}/"),
                     ("county", "/partners/quality/")):
        user = partner if who == "partner" else scope_users.in_scope
        context, phone = _open_as(browser, live_server, user, "zh-hans", PHONE)
        phone.goto(f"{live_server.url}{url}")
        phone.screenshot(path=f"{SHOTS}/{who}-375-zh.png", full_page=True)
        assert not overflow(phone)
        assert untranslated(phone) == []
        assert axe_violations(phone) == []
        context.close()
