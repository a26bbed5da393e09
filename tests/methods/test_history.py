"""Nothing an editor does is lost: revisions, differences, revert, recover, undo, conflicts."""

import json

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from reversion.models import Revision, Version

from methods import dataset, history
from methods.models import Family, Method, ResearchField
from tests.factories import MethodFactory
from tests.helpers import bundled_field, method_form_data, url

pytestmark = pytest.mark.django_db


def change_url(method: Method) -> str:
    return reverse("admin:methods_method_change", args=[method.pk])


def content(method: Method) -> tuple:
    """What an editor wrote, in both languages, and the related methods."""
    method.refresh_from_db()
    return (
        method.name,
        method.vietnamese_name,
        method.aliases_vi,
        method.aliases_en,
        method.summary_vi,
        method.summary_en,
        method.search_text_vi,
        method.search_text_en,
        sorted(method.related.values_list("slug", flat=True)),
    )


def test_an_edit_reverted_brings_back_both_languages_and_the_related_methods(editor_client):
    first, second, third = MethodFactory(), MethodFactory(), MethodFactory()
    method = MethodFactory(vietnamese_name="Cũ", related=[first, second])
    before = content(method)

    edit = method_form_data(
        method,
        vietnamese_name="Mới",
        aliases_vi="Bí danh mới",
        summary_vi="Tóm tắt mới.",
        summary_en="A new summary.",
        related=[third.pk],
    )
    assert editor_client.post(change_url(method), edit).status_code == 302
    assert content(method) != before
    assert sorted(first.related.values_list("slug", flat=True)) == []

    # The history lists the edit, and the state before it (kept at the first change).
    versions = list(Version.objects.get_for_object(method))
    assert [v.revision.user for v in versions[:2]] == [User.objects.get(username="editor"), None]
    page = editor_client.get(reverse("admin:methods_method_history", args=[method.pk]))
    assert page.status_code == 200 and "editor" in page.text
    older = versions[1]
    version_url = reverse("admin:methods_method_revision", args=[method.pk, older.pk])
    assert version_url in page.text

    # Field by field, per language, in Vietnamese.
    difference = editor_client.get(version_url)
    assert difference.status_code == 200
    rows = {(d.field, d.language): (d.before, d.after) for d in difference.context["changes"]}
    assert rows[("tóm tắt", "Tiếng Việt")] == ("Một phương pháp để thử.", "Tóm tắt mới.")
    assert rows[("tóm tắt", "Tiếng Anh")] == ("A method for testing.", "A new summary.")
    assert rows[("phương pháp liên quan", "")] == (
        ", ".join(sorted([first.name, second.name])),
        third.name,
    )
    assert "Hoàn nguyên về phiên bản này" in difference.text

    # One click puts it all back, the relations seen from the other side too.
    assert editor_client.post(version_url).status_code == 302
    revert = Version.objects.get_for_object(method).first().revision
    assert revert.comment.startswith("Đã hoàn nguyên về phiên bản lúc")
    assert content(method) == before
    assert first.related.filter(pk=method.pk).exists()
    assert not third.related.filter(pk=method.pk).exists()


def test_a_deleted_method_is_recovered_with_its_relations(admin_client, editor_client):
    neighbour = MethodFactory()
    method = MethodFactory(related=[neighbour], summary_en="Kept in English.")
    before, pk = content(method), method.pk
    assert (
        admin_client.post(
            reverse("admin:methods_method_delete", args=[pk]), {"post": "yes"}
        ).status_code
        == 302
    )
    assert not Method.objects.filter(pk=pk).exists()

    deleted = editor_client.get(reverse("admin:methods_method_recoverlist"))
    assert deleted.status_code == 200 and method.name in deleted.text
    assert '<th scope="col">Người xoá</th>' in deleted.text
    assert "<td>admin</td>" in deleted.text  # who deleted it, from the admin's log
    version = Version.objects.get_deleted(Method).get()
    recover_url = reverse("admin:methods_method_recover", args=[version.pk])
    page = editor_client.get(recover_url)
    assert "Kept in English." in page.text and "Khôi phục" in page.text

    assert editor_client.post(recover_url).status_code == 302
    assert content(Method.objects.get(pk=pk)) == before
    assert neighbour.related.filter(pk=pk).exists()
    assert not Version.objects.get_deleted(Method).exists()


def test_a_method_deleted_outside_the_admin_is_listed_with_its_deletion_not_recorded(
    editor_client,
):
    method = MethodFactory()
    with history.revision("shell"):
        method.save()
    Method.objects.filter(pk=method.pk).delete()
    deleted = editor_client.get(reverse("admin:methods_method_recoverlist")).text
    assert method.name in deleted
    assert '<td colspan="2">không được ghi lại</td>' in deleted


def test_the_second_of_two_editors_saving_the_same_method_is_told_and_nothing_is_lost(
    editor_client,
):
    other = User.objects.create_user("other", password="x" * 20, is_staff=True)
    other.groups.add(Group.objects.get(name="Editors"))
    client = Client()
    client.force_login(other)
    method = MethodFactory()
    # Both open the form, which carries when the method last changed as they saw it.
    page = editor_client.get(change_url(method)).text
    assert f'name="seen_updated_at" value="{method.updated_at.isoformat()}"' in page
    opened = method_form_data(method)

    first = editor_client.post(change_url(method), {**opened, "summary_en": "First editor."})
    assert first.status_code == 302

    second = client.post(change_url(method), {**opened, "summary_vi": "Biên tập viên thứ hai."})
    assert second.status_code == 200
    errors = second.context["adminform"].form.non_field_errors()
    assert "editor đã sửa phương pháp này" in errors[0]
    assert errors[1] == ("Họ đã sửa tóm tắt (Tiếng Anh): A method for testing. → First editor.")
    method.refresh_from_db()
    assert (method.summary_en, method.summary_vi) == ("First editor.", "Một phương pháp để thử.")

    # Saving again, having seen their change, is the second editor's decision.
    form = second.context["adminform"].form
    again = {**opened, "summary_vi": "Biên tập viên thứ hai.", "summary_en": "First editor."}
    again["seen_updated_at"] = form["seen_updated_at"].value()
    assert client.post(change_url(method), again).status_code == 302
    method.refresh_from_db()
    assert (method.summary_en, method.summary_vi) == ("First editor.", "Biên tập viên thứ hai.")
    authors = [v.revision.user.username for v in Version.objects.get_for_object(method)[:2]]
    assert authors == ["other", "editor"]


def test_an_import_run_is_one_revision_that_is_undone_as_a_whole(admin_client, tmp_path):
    kept = MethodFactory(slug="adam", name="Adam", acronym="", summary_en="Before the import.")
    before = content(kept)
    records = [
        {
            "name": "Adam",
            "description": "Imported summary.",
            "introduced_year": 2014,
            "paper": {"title": "Adam", "url": "https://arxiv.org/abs/1412.6980"},
            "collections": [{"area": "Optimization", "collection": "Stochastic"}],
        },
        {
            "name": "Lion",
            "description": "Imported too.",
            "introduced_year": 2023,
            "paper": {"title": "Lion", "url": "https://arxiv.org/abs/2302.06675"},
            "collections": [{"area": "Optimization", "collection": "Stochastic"}],
        },
    ]
    path = tmp_path / "optimizers.json"
    path.write_text(json.dumps(records))
    call_command("import_methods", str(path), verbosity=0)

    run = Revision.objects.get(comment="import_methods optimizers.json")
    assert run.user is None
    assert {v.object_repr for v in run.version_set.all()} == {
        "Adam",
        "Lion",
        "Optimization",
        "Stochastic",
        "Phương pháp",  # the type of imported methods
    }
    assert content(kept)[5] == "Imported summary."

    page = admin_client.get(reverse("admin:methods_catalogrevision_change", args=[run.pk]))
    assert "import_methods optimizers.json" in page.text
    undo = reverse("admin:methods_catalogrevision_undo", args=[run.pk])
    assert admin_client.post(undo).status_code == 302
    assert content(kept) == before
    assert not Method.objects.filter(slug="lion").exists()
    assert not ResearchField.objects.filter(slug="optimization").exists()
    assert not Family.objects.filter(slug="stochastic").exists()
    # The deleted list says who deleted Lion: the superuser who undid the run.
    deleted = admin_client.get(reverse("admin:methods_method_recoverlist")).text
    assert "Lion" in deleted and "<td>admin</td>" in deleted
    assert "không được ghi lại" not in deleted


def test_a_dataset_load_is_one_revision_named_after_the_command_and_its_file(tmp_path):
    path = tmp_path / "vision.json"
    path.write_text(json.dumps(bundled_field("computer-vision")))
    call_command("load_dataset", str(path), verbosity=0)
    run = Revision.objects.get()
    assert run.comment == "load_dataset vision.json"
    methods = Version.objects.get_for_model(Method).filter(revision=run)
    assert methods.count() == Method.objects.count() > 0
    # Each as the load left it: related methods included, in both languages.
    version = methods.get(object_id=str(Method.objects.get(slug="u-net").pk))
    assert version.field_dict["summary_vi"] and version.field_dict["summary_en"]
    assert version.field_dict["related"] == sorted(
        Method.objects.get(slug="u-net").relations.values_list("to_method", "kind")
    )


def test_a_load_relating_a_method_already_there_keeps_its_state_before_and_after(tmp_path):
    unet = MethodFactory(slug="u-net", name="U-Net", acronym="")  # from before its history
    data = bundled_field("computer-vision")
    data["methods"] = [m for m in data["methods"] if m["slug"] != "u-net"]
    path = tmp_path / "vision.json"
    path.write_text(json.dumps(data))
    call_command("load_dataset", str(path), verbosity=0)

    related_now = sorted(unet.relations.values_list("to_method", "kind"))
    assert related_now  # the loaded methods that build on U-Net relate to it
    after, before = Version.objects.get_for_object(unet)
    assert before.revision.comment == history.BEGINNING
    assert before.field_dict["related"] == []
    assert after.revision.comment == "load_dataset vision.json"
    assert after.field_dict["related"] == related_now


def test_a_catalog_from_before_history_gets_a_first_version(db):
    method = MethodFactory()  # as in a catalog from before its history
    assert not Version.objects.get_for_object(method).exists()

    history.record_whole_catalog()
    version = Version.objects.get_for_object(method).get()
    assert version.revision.comment == history.BEGINNING
    history.record_whole_catalog()
    assert Version.objects.get_for_object(method).count() == 1


def test_editors_read_history_and_put_back_but_cannot_delete_it(editor_client, tmp_path):
    path = tmp_path / "one.json"
    data = bundled_field("reinforcement-learning")
    path.write_text(json.dumps(data))
    call_command("load_dataset", str(path), verbosity=0)
    run = Revision.objects.get()

    assert editor_client.get(reverse("admin:methods_catalogrevision_changelist")).status_code == 200
    page = editor_client.get(reverse("admin:methods_catalogrevision_change", args=[run.pk]))
    assert page.status_code == 200
    # The load added methods, and editors delete none: it is not theirs to undo.
    assert page.context["can_undo"] is False
    undo = reverse("admin:methods_catalogrevision_undo", args=[run.pk])
    assert editor_client.post(undo).status_code == 403
    delete = reverse("admin:methods_catalogrevision_delete", args=[run.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert Revision.objects.filter(pk=run.pk).exists()


def test_only_a_superuser_purges_history(admin_client):
    with history.revision("a test"):
        MethodFactory()
    run = Revision.objects.get()
    delete = reverse("admin:methods_catalogrevision_delete", args=[run.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Revision.objects.exists() and not Version.objects.exists()


def test_staff_find_a_link_to_the_history_on_the_method_page(client, admin_user):
    method = MethodFactory()
    page = url("methods:detail", slug=method.slug)
    link = reverse("admin:methods_method_history", args=[method.pk])
    assert link not in client.get(page).text
    client.force_login(admin_user)
    assert link in client.get(page).text


def test_a_change_outside_the_admin_and_commands_is_a_revision_too(db):
    dataset.load(bundled_field("statistics"))  # as from the shell: no revision being made
    for method in Method.objects.all():
        version = Version.objects.get_for_object(method).first()
        assert not history.differences(
            Method, history.content(version), history.present_content(method)
        )
    method.summary_en = "Changed in the shell."
    method.save()
    latest = Version.objects.get_for_object(method).first()
    assert latest.field_dict["summary_en"] == "Changed in the shell."
    assert latest.revision.comment == history.program()  # here "pytest <its arguments>"


def test_a_text_not_written_reads_as_unchanged_whether_kept_empty_or_as_none(english):
    """Versions made before migration 0019 keep "" where the catalog now keeps none."""
    before = {"aliases_en": "", "summary_en": "", "originator": ""}
    after = {"aliases_en": None, "summary_en": "A summary.", "originator": None}
    changed = history.differences(Method, before, after)
    assert [(c.field, c.before, c.after) for c in changed] == [("summary", "—", "A summary.")]
