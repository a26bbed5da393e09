"""Content in the visitor's language: fallback marked with its real language, dates per locale."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertInHTML

from methods.models import Method
from tests.factories import MethodFactory
from tests.helpers import elements

pytestmark = pytest.mark.django_db


def url(name: str, lang: str, **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def editor_client(client):
    client.force_login(User.objects.create_user("editor", is_staff=True))
    return client


def test_a_summary_missing_in_english_falls_back_to_vietnamese_marked_as_such(client):
    method = MethodFactory(summary_vi="Chỉ có tiếng Việt.", summary_en="")
    page = client.get(url("methods:detail", "en", slug=method.slug)).text
    assert elements(page, "html", lang="en")
    assertInHTML('<p class="summary"><span lang="vi">Chỉ có tiếng Việt.</span></p>', page)
    assert "not yet translated" not in page  # visitors are not told; editors are


def test_editors_see_which_pieces_are_not_yet_translated_in_the_page_language(editor_client):
    method = MethodFactory(summary_en="", aliases_vi="", aliases_en="DPO, Direct preference")
    english = editor_client.get(url("methods:detail", "en", slug=method.slug)).text
    assert (
        '<span lang="vi">Một phương pháp để thử.</span>'
        ' <small class="untranslated">(not yet translated)</small>' in english
    )
    vietnamese = editor_client.get(url("methods:detail", "vi", slug=method.slug)).text
    assert (
        '<span lang="en">DPO, Direct preference</span>'
        ' <small class="untranslated">(chưa được dịch)</small>' in vietnamese
    )
    assert vietnamese.count("chưa được dịch") == 1  # the summary is there in Vietnamese


def test_english_pages_show_english_aliases_and_vietnamese_pages_fall_back_to_them(client):
    only_vietnamese = MethodFactory(aliases_vi="Tối ưu hoá ưu tiên trực tiếp", aliases_en="")
    only_english = MethodFactory(aliases_vi="", aliases_en="Direct preference learning")
    for method in (only_vietnamese, only_english):
        client.post(url("compare:add", "en"), {"method": method.slug})

    english = client.get(url("methods:detail", "en", slug=only_vietnamese.slug)).text
    assert "<dt>Also known as</dt><dd>—</dd>" in english
    comparison = client.get(url("compare:page", "en")).text
    assert "Tối ưu hoá" not in comparison
    assert "<td>Direct preference learning</td>" in comparison

    vietnamese = client.get(url("methods:detail", "vi", slug=only_english.slug)).text
    assert '<dd><span lang="en">Direct preference learning</span></dd>' in vietnamese
    comparison = client.get(url("compare:page", "vi")).text
    assert "<td>Tối ưu hoá ưu tiên trực tiếp</td>" in comparison
    assert '<td><span lang="en">Direct preference learning</span></td>' in comparison


def test_a_method_has_one_name_and_its_vietnamese_name_shows_on_vietnamese_pages(client):
    method = MethodFactory(name="Random Forest", acronym="RF", vietnamese_name="Rừng ngẫu nhiên")
    vietnamese = client.get(url("methods:detail", "vi", slug=method.slug)).text
    english = client.get(url("methods:detail", "en", slug=method.slug)).text
    local = '<span lang="vi" class="local-name">Rừng ngẫu nhiên</span>'
    assertInHTML(f"<h1>Random Forest (RF) {local}</h1>", vietnamese)
    assertInHTML("<h1>Random Forest (RF)</h1>", english)
    assert "Rừng ngẫu nhiên" not in english


def test_the_last_change_date_is_written_the_way_each_language_writes_dates(client):
    method = MethodFactory()
    changed = datetime(2024, 3, 5, 9, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    Method.objects.filter(pk=method.pk).update(updated_at=changed)
    vietnamese = client.get(url("methods:detail", "vi", slug=method.slug)).text
    english = client.get(url("methods:detail", "en", slug=method.slug)).text
    time = '<time datetime="2024-03-05">'
    assert f"{time}5 tháng 3 năm 2024</time>" in vietnamese
    assert f"{time}March 5, 2024</time>" in english


def test_menus_and_related_methods_follow_the_alphabet_of_the_page_language(client, catalog):
    english_fields = [
        "Classical machine learning",
        "Computer vision",
        "Deep learning",
        "Natural language processing",
        "Reinforcement learning",
        "Statistics",
    ]
    client.get(url("methods:list", "vi"))  # a Vietnamese page first must not fix the order
    page = client.get(url("methods:list", "en")).text
    menu = page[page.index('name="field"') : page.index("</select>", page.index('name="field"'))]
    assert sorted(english_fields, key=menu.index) == english_fields

    comparison = client.get(url("compare:page", "en"), {"m": "direct-preference-optimization"})
    related = comparison.context["comparison"].methods[0].related.all()
    with translation.override("en"):
        names = [method.name for method in related]
    assert names == sorted(names, key=str.casefold)
    assert names[0] == "Constitutional AI"
