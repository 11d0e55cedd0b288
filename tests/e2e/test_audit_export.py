import csv
import io
import re

from playwright.sync_api import Page, expect

from conftest import Cast
from openiop.audit.services import record_read
from tests.e2e.conftest import log_in


def test_the_auditor_exports_a_trail_filtered_by_a_clients_name(page: Page, e2e_cast: Cast) -> None:
    cast = e2e_cast
    record_read(user=cast.alice, instance=cast.erin)
    record_read(user=cast.bob, instance=cast.frank)
    log_in(page, "ava@a.test")
    expect(page).to_have_url(re.compile(r"/audit/$"))
    page.get_by_label("Client name").fill(cast.erin.legal_last_name)
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("table")).to_contain_text("alice@a.test")
    expect(page.get_by_role("table")).not_to_contain_text("bob@a.test")
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Export CSV")).click()
    rows = list(csv.reader(io.StringIO(info.value.path().read_text())))
    assert rows[0][0] == "chain verification" and rows[0][1].startswith("ok: "), rows[0]
    body = [dict(zip(rows[2], row, strict=True)) for row in rows[3:]]
    assert body and {r["client_id"] for r in body} == {str(cast.erin.pk)}
    assert {r["user"] for r in body} == {"alice@a.test"}
    # The refused attempts are one click away.
    page.get_by_role("link", name="Refused access attempts").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refused access attempts")
