"""Markup that editors enter (by mistake or by malice) is shown as text everywhere: pages,
htmx partials, exports and the admin. Nothing a user provides ever runs."""

import json

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.urls import reverse

from methods.models import Method
from tests.factories import FamilyFactory, MethodFactory, ResearchFieldFactory
from tests.helpers import body, url

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_catalog")]

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(2)>'
RAW = [SCRIPT, "<img src=x onerror"]


@pytest.fixture
def hostile(catalog) -> Method:
    """A method whose every text field holds markup, in a field and family that do too."""
    method = MethodFactory(
        slug="hostile",
        name=SCRIPT,
        acronym=ATTRIBUTE,
        vietnamese_name=f"Tên {SCRIPT}",
        summary_vi=f"{SCRIPT} {ATTRIBUTE}",
        summary_en=f"Summary {SCRIPT}",
        aliases_vi="",  # so Vietnamese pages fall back, through the "not yet translated" path
        aliases_en=f"{SCRIPT} 2, {ATTRIBUTE} 2",
        originator=ATTRIBUTE,
        work_title=SCRIPT,
        work_venue=ATTRIBUTE,
        work_authors=f"{SCRIPT}, Ada",
        field=ResearchFieldFactory(name_vi=SCRIPT, name_en=ATTRIBUTE),
        family=FamilyFactory(name_vi=ATTRIBUTE, name_en=SCRIPT),
    )
    method.related.add(Method.objects.get(slug="qlora"))
    return method


def assert_shown_as_text(html: str) -> None:
    for raw in RAW:
        assert raw not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "&lt;img src=x" in html


@pytest.fixture
def editor(client) -> User:
    user = User.objects.create_user("editor", password="a long editor password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("as_editor", [False, True], ids=["visitor", "editor"])
def test_every_page_and_partial_shows_the_markup_as_text(client, hostile, editor, lang, as_editor):
    if as_editor:
        client.force_login(editor)  # editors also see the "not yet translated" hint
    client.post(url("compare:add"), {"method": "hostile"})
    client.post(url("compare:add"), {"method": "qlora"})
    htmx = {"HTTP_HX_REQUEST": "true"}
    answers = [
        client.get(url("methods:list", lang)),
        client.get(url("methods:list", lang), {"q": "alert"}, HTTP_HX_TARGET="results", **htmx),
        client.get(url("methods:detail", lang, slug="hostile")),
        client.get(url("methods:detail", lang, slug="qlora")),  # lists it as related
        client.get(url("compare:page", lang)),
        client.get(url("compare:page", lang), {"diff": "1"}, HTTP_HX_TARGET="comparison", **htmx),
        client.get(url("compare:page", lang), {"m": "hostile,qlora"}),
        client.post(url("compare:remove", lang), {"method": "qlora"}, HTTP_HX_TARGET="x", **htmx),
        client.post(
            url("compare:add", lang), {"method": "qlora"}, HTTP_HX_TARGET="comparison", **htmx
        ),
    ]
    client.post(url("compare:remove"), {"method": "hostile"})
    answers.append(
        client.get(url("compare:page", lang), {"q": "alert"}, HTTP_HX_TARGET="suggestions", **htmx)
    )
    for answer in answers:
        assert answer.status_code == 200
        assert_shown_as_text(answer.text)


@pytest.mark.parametrize("fmt", ["csv", "json", "bib"])
def test_exports_are_files_a_browser_never_renders(client, hostile, fmt):
    answer = client.get(url("compare:export", "vi", fmt=fmt), {"m": "hostile"})
    assert answer.status_code == 200
    assert "html" not in answer["Content-Type"]
    assert answer["Content-Disposition"].startswith("attachment;")
    assert answer["X-Content-Type-Options"] == "nosniff"
    if fmt == "json":
        assert json.loads(body(answer))["methods"][0]["name"] == SCRIPT


def test_the_dataset_download_keeps_the_text_exactly(client, hostile):
    answer = client.get(url("methods:dataset"))
    assert answer["X-Content-Type-Options"] == "nosniff"
    [record] = [m for m in json.loads(body(answer))["methods"] if m["slug"] == "hostile"]
    assert (record["name"], record["acronym"]) == (SCRIPT, ATTRIBUTE)
    assert record["vietnamese_name"] == f"Tên {SCRIPT}"
    assert record["originator"] == ATTRIBUTE


def test_the_admin_shows_the_markup_as_text(client, hostile, editor):
    client.force_login(User.objects.create_superuser("admin", password="a long admin password"))
    change = reverse("admin:methods_method_change", args=[hostile.pk])
    # The admin's "recent actions" and history show what was changed, by name.
    LogEntry.objects.log_actions(editor.pk, [hostile], CHANGE, change_message=SCRIPT)
    pages = [
        client.get(reverse("admin:methods_method_changelist")),
        client.get(reverse("admin:methods_method_changelist"), {"q": "alert"}),
        client.get(change),
        client.get(reverse("admin:methods_method_history", args=[hostile.pk])),
        client.get(reverse("admin:methods_method_delete", args=[hostile.pk])),
        client.get(reverse("admin:methods_researchfield_changelist")),
        client.get(reverse("admin:index")),
    ]
    for page in pages:
        assert page.status_code == 200
        for raw in RAW:
            assert raw not in page.text
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {"term": "alert", "app_label": "methods", "model_name": "method", "field_name": "related"},
    )
    assert f"{SCRIPT} ({ATTRIBUTE})" in {item["text"] for item in autocomplete.json()["results"]}
    assert autocomplete["Content-Type"] == "application/json"
