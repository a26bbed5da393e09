import threading

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from pytest_django.asserts import assertInHTML

from methods.admin.catalog import MethodAdmin
from tests.factories import MethodFactory
from tests.helpers import method_form_data, translated

pytestmark = pytest.mark.django_db


def test_editor_changes_a_summary_in_both_languages(editor_client):
    method = MethodFactory(related=[MethodFactory()])
    url = reverse("admin:methods_method_change", args=[method.pk])
    page = editor_client.get(url)
    assert page.status_code == 200
    assert "summary_vi" in page.text and "summary_en" in page.text
    response = editor_client.post(
        url, method_form_data(method, summary_vi="Tóm tắt mới.", summary_en="A new summary.")
    )
    assert response.status_code == 302
    method.refresh_from_db()
    assert (method.summary_vi, method.summary_en) == ("Tóm tắt mới.", "A new summary.")


def test_admin_refuses_invalid_values_with_clear_messages(editor_client):
    method = MethodFactory()
    other = MethodFactory()
    url = reverse("admin:methods_method_change", args=[method.pk])
    response = editor_client.post(
        url,
        method_form_data(method, year=1500, doi="nature14236", related=[method.pk, other.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "year" in errors and "doi" in errors
    assert "A method cannot be related to itself." in response.text
    method.refresh_from_db()
    assert method.year == 2020


def test_editor_names_a_method_with_an_acronym_and_a_vietnamese_name(editor_client):
    method = MethodFactory()
    url = reverse("admin:methods_method_change", args=[method.pk])
    response = editor_client.post(
        url,
        method_form_data(
            method,
            name="Random Forest",
            acronym="RF",
            vietnamese_name="Rừng ngẫu nhiên",
            aliases_vi="",
            aliases_en="Random forests",
        ),
    )
    assert response.status_code == 302
    method.refresh_from_db()
    assert (method.name, method.acronym, method.vietnamese_name) == (
        "Random Forest",
        "RF",
        "Rừng ngẫu nhiên",
    )
    changelist = editor_client.get(reverse("admin:methods_method_changelist"), {"q": "rf"})
    assertInHTML('<td class="field-acronym">RF</td>', changelist.text)


def test_admin_refuses_an_acronym_another_method_has_naming_that_method(editor_client):
    MethodFactory(name="Soft Actor-Critic", acronym="SAC")
    method = MethodFactory()
    url = reverse("admin:methods_method_change", args=[method.pk])
    response = editor_client.post(
        url, method_form_data(method, acronym="SAC"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["acronym"] == [
        "“SAC” is already the acronym of Soft Actor-Critic (SAC)."
    ]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_admin_refuses_a_case_variant_of_another_methods_names(editor_client, catalog, lang):
    """The importer's "gan" beside the bundled GAN, typed in the admin (issue 24, finding 3)."""
    method = MethodFactory()
    url = reverse("admin:methods_method_change", args=[method.pk])
    data = method_form_data(method, name="Generative adversarial network", acronym="gan")
    response = editor_client.post(url, data, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    gan = "Generative Adversarial Network (GAN)"
    assert response.context["adminform"].form.errors == {
        "name": [
            translated("“%(value)s” is already the name of %(method)s.", lang)
            % {"value": "Generative adversarial network", "method": gan}
        ],
        "acronym": [
            translated("“%(value)s” is already the acronym of %(method)s.", lang)
            % {"value": "gan", "method": gan}
        ],
    }


def test_an_empty_translation_saved_in_the_admin_is_no_translation(editor_client):
    method = MethodFactory(aliases_en="M")
    url = reverse("admin:methods_method_change", args=[method.pk])
    assert editor_client.post(url, method_form_data(method, aliases_en="")).status_code == 302
    method.refresh_from_db()
    assert method.aliases_en is None


def test_editor_cannot_touch_users_or_groups(editor_client):
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_admin_lists_filters_and_searches_methods(editor_client, catalog):
    response = editor_client.get(reverse("admin:methods_method_changelist"), {"q": "Dettmers"})
    assert response.status_code == 200
    assert "QLoRA" in response.text
    filters = [spec.field_path for spec in response.context["cl"].filter_specs]
    assert filters == ["field", "family", "type", "year"]


def test_admin_pages_load_no_asset_from_another_host(editor_client):
    method = MethodFactory()
    response = editor_client.get(reverse("admin:methods_method_change", args=[method.pk]))
    assert "googleapis" not in response.text
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in response.text
    assert 'src="//' not in response.text and 'src="http' not in response.text


def test_related_methods_autocomplete_answers(editor_client, catalog):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "LoRA", "app_label": "methods", "model_name": "method", "field_name": "related"},
    )
    assert response.status_code == 200
    assert "QLoRA" in {item["text"] for item in response.json()["results"]}


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time: its transactions are the lock",
)
@pytest.mark.django_db(transaction=True)
def test_of_two_editors_saving_at_the_same_moment_the_second_is_told(monkeypatch):
    """The first editor's save is held after its check, before it writes: the second, saving
    meanwhile, must wait for it and then be refused, not overwrite it unseen (issue 24)."""
    clients = []
    for name in ("first", "second"):
        user = User.objects.create_user(name, password="x" * 20, is_staff=True)
        user.groups.add(Group.objects.get(name="Editors"))
        clients.append(Client())
        clients[-1].force_login(user)
    method = MethodFactory()
    url = reverse("admin:methods_method_change", args=[method.pk])
    opened = method_form_data(method)  # both opened the form before either saved

    checked, second_done = threading.Event(), threading.Event()
    save_model = MethodAdmin.save_model

    def held_save_model(self, request, obj, form, change):
        if request.user.username == "first":
            checked.set()
            second_done.wait(timeout=2)  # the second editor would be done by now, unless held
        save_model(self, request, obj, form, change)

    monkeypatch.setattr(MethodAdmin, "save_model", held_save_model)
    responses = {}

    def save(client, name, changes):
        try:
            if name == "second":
                checked.wait(timeout=10)
            responses[name] = client.post(url, {**opened, **changes})
        finally:
            if name == "second":
                second_done.set()
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(clients[0], "first", {"summary_en": "First."})),
        threading.Thread(target=save, args=(clients[1], "second", {"summary_vi": "Thứ hai."})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert responses["first"].status_code == 302
    assert responses["second"].status_code == 200
    errors = responses["second"].context["adminform"].form.non_field_errors()
    assert "first" in errors[0]
    method.refresh_from_db()
    assert (method.summary_en, method.summary_vi) == ("First.", "Một phương pháp để thử.")
