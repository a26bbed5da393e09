"""An editor, in Vietnamese, changes a method, finds the change in its history, compares the
earlier version with the present one and puts it back."""

from django.contrib.auth.models import Group, User
from playwright.sync_api import Page, expect

from methods.models import Method


def test_an_editor_reverts_a_change_from_the_method_history(page: Page, live_server, screenshots):
    editor = User.objects.create_user("editor", password="a long editor password", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    method = Method.objects.get(slug="qlora")
    before = (method.summary_vi, method.summary_en)
    page.context.add_cookies([{"name": "django_language", "value": "vi", "url": live_server.url}])

    page.goto(f"/admin/methods/method/{method.pk}/change/")
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill("a long editor password")
    page.locator("#id_password").press("Enter")
    page.locator("#id_summary_vi").fill("Một tóm tắt viết đè lên bản cũ.")
    page.locator("li[aria-controls=tab_id_summary_en]").click()
    page.locator("#id_summary_en").fill("A summary written over the old one.")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    # From the public page, where staff find the history.
    page.goto("/vi/methods/qlora/")
    page.get_by_role("link", name="Lịch sử").click()
    rows = page.locator("#change-history tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("editor")
    expect(rows.first).to_contain_text("Tóm tắt (Tiếng Việt), tóm tắt (Tiếng Anh)")
    expect(rows.last).to_contain_text("phiên bản đầu tiên")
    page.screenshot(path=screenshots / "history-vi.png", full_page=True)

    rows.last.locator("a").click()
    differences = page.locator("table.differences tbody tr")
    expect(differences.first).to_contain_text("Tiếng Việt")
    expect(differences.last).to_contain_text("A summary written over the old one.")
    page.screenshot(path=screenshots / "history-difference-vi.png", full_page=True)

    page.get_by_role("button", name="Hoàn nguyên về phiên bản này").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Đã hoàn nguyên về phiên bản")
    expect(page.locator("#id_summary_vi")).to_have_value(before[0])
    page.screenshot(path=screenshots / "history-revert-vi.png")
    method.refresh_from_db()
    assert (method.summary_vi, method.summary_en) == before
