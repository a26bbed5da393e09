"""`make backup` / `make restore`: a round trip brings back every catalog row and translation."""

from datetime import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from reversion.models import Revision, Version

from methods import history, services
from methods.models import Family, Method, MethodType, ResearchField
from tests.factories import MethodFactory

# Committed, as on a real site: PostgreSQL cannot empty tables that the same transaction
# has just written to, and `restore` empties them first. (After the flush, post_migrate
# puts back what the other tests need: content types, permissions, the Editors group.)
pytestmark = pytest.mark.django_db(transaction=True)

CATALOG = [ResearchField, Family, MethodType, Method]


def to_milliseconds(value):
    """JSON backups keep times to the millisecond, as JavaScript does."""
    if isinstance(value, datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def everything() -> dict:
    """Every catalog row with every field (both languages, the search index, the time it
    changed), the relations between methods, and the editors with their rights."""
    rows = {}
    for model in CATALOG:
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        foreign = {"field_id": "field__slug", "family_id": "family__slug", "type_id": "type__slug"}
        columns = [foreign.get(name, name) for name in fields]
        rows[model.__name__] = [
            tuple(map(to_milliseconds, row))
            for row in model.objects.order_by("slug").values_list(*columns)
        ]
    rows["related"] = sorted(
        Method.related.through.objects.values_list("from_method__slug", "to_method__slug")
    )
    rows["users"] = list(
        User.objects.order_by("username").values_list(
            "username", "password", "is_staff", "is_superuser", "groups__name"
        )
    )
    rows["groups"] = sorted(
        Group.objects.values_list(
            "name", "permissions__codename", "permissions__content_type__model"
        )
    )
    rows["history"] = list(
        LogEntry.objects.order_by("action_time").values_list(
            "user__username", "content_type__model", "object_id", "change_message"
        )
    )
    rows["revisions"] = [
        (r.user.username if r.user else None, r.comment, to_milliseconds(r.date_created))
        for r in Revision.objects.select_related("user").order_by("pk")
    ]
    # Each version with the object it belongs to, found by the id it keeps.
    rows["versions"] = [
        (v.revision.comment, v.content_type.model, v.serialized_data, str(v.object))
        for v in Version.objects.select_related("revision", "content_type").order_by("pk")
    ]
    return rows


@pytest.fixture
def site(catalog) -> None:
    """The bundled catalog plus what editors add: an untranslated method, an editor, history."""
    editor = User.objects.create_user("editor", password="a long editor password", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    untranslated = MethodFactory(
        vietnamese_name="Phương pháp thử",
        summary_en="",
        summary_vi='Tóm tắt có "ngoặc", <thẻ> & dòng\nmới.',
    )
    untranslated.related.add(Method.objects.get(slug="qlora"))
    LogEntry.objects.log_actions(editor.pk, [untranslated], CHANGE, change_message="Sửa tóm tắt")
    # Its history: a version of every method, an editor's change, and a method deleted since
    # (the ids after it move down if a restore renumbers them).
    history.record_whole_catalog()
    with history.revision("Sửa tóm tắt", user=editor):
        untranslated.summary_vi = "Tóm tắt đã sửa."
        untranslated.save()
    Method.objects.get(slug="word2vec").delete()


def test_a_backup_restores_every_row_and_translation(site, tmp_path):
    before = everything()
    backup = tmp_path / "site.json.gz"
    call_command("backup", str(backup), verbosity=0)

    Method.objects.filter(slug__in=["qlora", "lora"]).delete()
    Method.objects.filter(slug="bert").update(vietnamese_name="Đã sửa", summary_en="Changed")
    MethodFactory(slug="added-after-the-backup")
    User.objects.filter(username="editor").delete()
    assert everything() != before

    call_command("restore", str(backup), interactive=False, verbosity=0)
    assert everything() == before
    # New rows get new ids (PostgreSQL's sequences moved past the restored rows).
    MethodFactory(slug="added-after-the-restore")
    User.objects.create_user("another-editor")


def test_history_comes_back_with_a_restore_and_still_recovers_a_deleted_method(site, tmp_path):
    backup = tmp_path / "site.json.gz"
    call_command("backup", str(backup), verbosity=0)
    Revision.objects.all().delete()
    call_command("restore", str(backup), interactive=False, verbosity=0)

    edited = Method.objects.get(vietnamese_name="Phương pháp thử")
    assert history.versions_of(edited).first().revision.comment == "Sửa tóm tắt"
    deleted = Version.objects.get_deleted(Method).get()
    recovered = services.restore(deleted, comment="Khôi phục", user=None)
    assert recovered.slug == "word2vec"
    assert recovered.summary_en and recovered.related.exists()


def test_a_backup_that_cannot_be_loaded_changes_nothing(site, tmp_path):
    backup = tmp_path / "site.json"
    call_command("backup", str(backup), verbosity=0)
    backup.write_text(backup.read_text()[:-500])  # cut short, as by a full disk
    before = everything()
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(backup), interactive=False, verbosity=0)
    assert everything() == before


def test_restore_asks_before_replacing_the_database(site, tmp_path, monkeypatch):
    backup = tmp_path / "site.json.gz"
    call_command("backup", str(backup), verbosity=0)
    Method.objects.filter(slug="qlora").delete()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(backup))
    assert not Method.objects.filter(slug="qlora").exists()


def test_restore_names_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="no such backup"):
        call_command("restore", str(tmp_path / "nothing.json.gz"), interactive=False)
