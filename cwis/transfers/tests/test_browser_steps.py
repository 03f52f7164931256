"""Issue 13 in headless Chromium with a Chinese locale (the date input shows 2026/12/10):
the plan keeps its planned date, several transfers are approved and sent from the list, the
receipt asks to confirm and ticks what arrived, the handover sheet prints."""

import pytest

from cwis.conftest import TEST_PASSWORD
from cwis.transfers import services
from cwis.transfers.models import Transfer, TransferStatus
from cwis.transfers.tests.factories import ArchiveItemFactory, draft_kwargs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, user) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#welcome")


@pytest.fixture
def zh_page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("dialog", lambda dialog: dialog.accept())  # every confirmation answered yes
    yield page
    context.close()


def test_transfers_in_a_few_clicks(live_server, sides, zh_page):
    page = zh_page
    first, _second = (services.transfer_draft(actor=sides.officer, **draft_kwargs(sides, c))
                     for c in sides.children)
    ArchiveItemFactory(transfer=first, title="入院登记表")

    # the plan's date input keeps its value and saves
    sign_in(page, live_server, sides.officer)
    page.goto(f"{live_server.url}/transfers/{first.pk}/")
    assert page.input_value("#id_planned_on") == first.planned_on.isoformat()
    page.fill("#id_planned_on", "2026-12-10")
    page.click("#plan-submit")
    page.wait_for_selector(".alert-success")
    assert page.input_value("#id_planned_on") == "2026-12-10"

    # approve both from the list, then send both (the dialog is answered yes)
    page.goto(f"{live_server.url}/transfers/?status=drafted")
    page.check("#select-all")
    page.click("#approve-selected")
    page.wait_for_selector(".alert-success")
    assert {t.status for t in Transfer.objects.all()} == {TransferStatus.APPROVED}
    page.goto(f"{live_server.url}/transfers/?status=approved")
    page.check("#select-all")
    page.click("#send-selected")
    page.wait_for_selector(".alert-success")
    assert {t.status for t in Transfer.objects.all()} == {TransferStatus.SENT}

    # the receiver: every file ticked as received, a confirmation, then received
    sign_in(page, live_server, sides.receiving_director)
    page.goto(f"{live_server.url}/transfers/{first.pk}/")
    assert page.locator("#receive-form input[name=received]").is_checked()
    page.click("#receive-button")
    page.wait_for_selector(".alert-success")
    first.refresh_from_db()
    assert first.status == TransferStatus.RECEIVED
    assert first.archive_items.get().status == "received"

    # the handover sheet, with its print button (the script shows it)
    page.click("#handover-link")
    page.wait_for_selector("#handover-sheet")
    # shown by the deferred script, which may run just after the sheet is in the page
    page.wait_for_selector("#print-button", state="visible")
    assert "入院登记表" in page.locator("#sheet-archives").inner_text()
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
