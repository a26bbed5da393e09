"""Catalog writes through methods.services: one revision and one catalog version change per
write, a fixed number of queries whatever their size, and an undo that puts everything back."""

import io
import os
import threading
from unittest import mock

import pytest
import reversion
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from django.db.models.signals import post_save, pre_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from reversion.admin import VersionAdmin
from reversion.models import Revision, Version

from methods import download, history, importer, services
from methods.admin.catalog import MethodAdmin
from methods.history import recording
from methods.models import CatalogVersion, Family, Method, Property, Relation, ResearchField
from tests.factories import MethodFactory
from tests.helpers import body, method_form_data
from tools import synthetic

pytestmark = pytest.mark.django_db


def import_synthetic(count: int, comment: str = "import_methods synthetic.json", seed: int = 0):
    """`count` synthetic methods (some related to each other), imported as one revision."""
    importer.import_records(synthetic.generate(count, seed=seed), comment=comment)
    return Revision.objects.get(comment=comment)


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def catalog_state() -> dict:
    """Everything a reader sees of the catalog (times of change aside), read in one language
    whatever a request in between left active."""
    with translation.override("en"):
        return _catalog_state()


def _catalog_state() -> dict:
    rows = {
        model._meta.label: sorted(
            tuple(sorted((k, str(v)) for k, v in row.items() if k != "updated_at"))
            for row in model.objects.values()
        )
        for model in [ResearchField, Family, Property, Method]
    }
    rows["relations"] = sorted(Relation.objects.values_list("from_method", "to_method", "kind"))
    rows["also_fields"] = sorted(
        Method.also_fields.through.objects.values_list("method", "researchfield")
    )
    rows["families"] = sorted(Property.families.through.objects.values_list("property", "family"))
    rows["search"] = {
        q: list(Method.objects.search(q).values_list("slug", flat=True))
        for q in ("adaptive", "gan", "deep learning", "transformer")
    }
    return rows


def test_an_undone_import_leaves_the_catalog_exactly_as_before(catalog, admin_user):
    # An import that adds methods and taxa, and relates them to methods already there.
    records = synthetic.generate(40)
    qlora, lora = Method.objects.get(slug="qlora"), Method.objects.get(slug="lora")
    records[0]["related"] = [{"slug": "qlora", "type": "uses"}]
    records[1]["related"] = [{"slug": "lora", "type": "variant-of"}]
    before = catalog_state()
    importer.import_records(records, comment="import_methods forty.json")
    run = Revision.objects.get(comment="import_methods forty.json")
    assert catalog_state() != before and qlora.relations.count() > 0

    done = services.undo(run, comment="Undid it", user=admin_user)
    assert catalog_state() == before
    assert len(done.deleted) > 40  # the methods and the taxa the import made
    # The methods outside the import whose relations it changed are in the undo's revision.
    undo = Revision.objects.get(comment="Undid it")
    kept = set(undo.version_set.values_list("object_id", flat=True))
    assert {str(qlora.pk), str(lora.pk)} <= kept


def test_an_undone_edit_puts_back_fields_relations_and_the_other_side(admin_user):
    first, second, third = MethodFactory(), MethodFactory(), MethodFactory()
    method = MethodFactory(summary_en="Before.", related=[first, second])
    history.record_whole_catalog()
    before = catalog_state()
    with services.catalog_write("an edit", user=admin_user):
        services.keep_state_before(Method.objects.filter(pk__in=[first.pk, second.pk, third.pk]))
        method.summary_en = "After."
        method.save()
        Relation.objects.set_for(method.pk, {third.pk: Relation.Kind.USES})
        services.saved([method, first, second, third])
    services.undo(Revision.objects.get(comment="an edit"), comment="back", user=admin_user)
    assert catalog_state() == before
    assert list(third.related.all()) == [] and method in first.related.all()


def test_an_undo_that_fails_midway_changes_nothing(catalog, admin_client, monkeypatch):
    run = import_synthetic(20)
    before = catalog_state()

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    # The relations are put back last, after the fields and the deletions.
    monkeypatch.setattr(history.restore, "_restore_relations", broken)
    response = admin_client.post(reverse("admin:methods_catalogrevision_undo", args=[run.pk]))
    assert response.status_code == 302
    assert catalog_state() == before
    assert not Revision.objects.filter(comment__startswith="Đã hoàn tác").exists()
    page = admin_client.get(response["Location"])
    assert "Hoàn tác thất bại; không có gì bị thay đổi." in page.text


def test_the_catalog_version_changes_once_per_write():
    def version_updates(call) -> int:
        with CaptureQueriesContext(connection) as captured:
            call()
        return sum(
            'UPDATE "methods_catalogversion"' in q["sql"]
            or 'INTO "methods_catalogversion"' in q["sql"]
            for q in captured
        )

    CatalogVersion.bump()  # the version's row is there
    # Fields, families and the type are made as the rows name them, then 30 methods.
    assert version_updates(lambda: import_synthetic(30)) == 1
    token = CatalogVersion.current().token
    assert version_updates(lambda: services.catalog_write("nothing").__enter__()) == 0
    assert CatalogVersion.current().token == token


def test_a_save_outside_the_catalog_runs_no_receiver_of_the_catalog():
    """Sessions, logins and lockouts are saved on every request: nothing of the catalog's
    listens to them."""
    for signal in (pre_save, post_save):
        receivers = signal._live_receivers(User)[0]
        assert not [r for r in receivers if r.__module__.startswith("methods")]


def test_a_save_from_the_shell_is_a_revision_of_its_own_and_changes_the_version(db):
    method = MethodFactory()
    history.record_whole_catalog()
    token = CatalogVersion.current().token
    method.summary_en = "Changed in the shell."
    method.save()
    latest = Version.objects.get_for_object(method).first()
    assert latest.field_dict["summary_en"] == "Changed in the shell."
    assert latest.revision.comment == history.program()
    assert CatalogVersion.current().token != token


def test_history_registers_every_language_when_the_app_is_ready():
    for model in recording.CATALOG:
        reversion.unregister(model)
    apps.get_app_config("methods").ready()
    kept = reversion.revisions._get_options(Method).fields
    assert {"summary_vi", "summary_en", "aliases_vi", "aliases_en"} <= set(kept)
    assert all(reversion.is_registered(model) for model in recording.CATALOG)


def test_the_catalog_admin_is_django_reversions():
    assert issubclass(MethodAdmin, VersionAdmin)


def test_an_admin_save_of_a_method_costs_a_fixed_number_of_queries(editor_client):
    """However large the catalog and its history: the session and permissions, the form's
    checks (Django's inline checks each of the three related methods' rows: about 6 queries a
    row; the method's row locked to decide an edit conflict), the save, the relations both
    ways, one revision with a version of each method changed, the admin's log and one change
    of the catalog version."""

    def edit() -> int:
        others = MethodFactory.create_batch(4)
        method = MethodFactory(related=others[:2])
        services.keep_state_before(Method.objects.all())
        url = reverse("admin:methods_method_change", args=[method.pk])
        data = method_form_data(method, summary_en="Edited.", related=[o.pk for o in others[1:]])
        count = queries(lambda: editor_client.post(url, data))
        method.refresh_from_db()
        assert method.summary_en == "Edited."
        return count

    assert edit() == ADMIN_SAVE_QUERIES
    import_synthetic(60)
    assert edit() == ADMIN_SAVE_QUERIES


ADMIN_SAVE_QUERIES = 72


def test_a_revision_page_costs_the_same_queries_for_10_or_150_objects(admin_client):
    small, large = import_synthetic(10, "small"), import_synthetic(150, "large", seed=1)
    assert large.version_set.count() > 150  # two pages

    def page(revision, number=1):
        url = reverse("admin:methods_catalogrevision_change", args=[revision.pk])
        return lambda: admin_client.get(url, {"p": number})

    admin_client.get(reverse("admin:index"))  # the session and content types, read once
    assert queries(page(small)) == queries(page(large)) == queries(page(large, 2))
    second = admin_client.get(
        reverse("admin:methods_catalogrevision_change", args=[large.pk]), {"p": 2}
    )
    assert len(second.context["rows"]) == large.version_set.count() - 100
    assert 'href="?p=1"' in second.text


def test_the_revisions_list_costs_the_same_queries_for_2_or_8_revisions(admin_client):
    url = reverse("admin:methods_catalogrevision_changelist")
    for index in range(2):
        import_synthetic(3, f"run {index}", seed=index)
    admin_client.get(url)
    few = queries(lambda: admin_client.get(url))
    for index in range(2, 8):
        import_synthetic(3, f"run {index}", seed=index)
    assert queries(lambda: admin_client.get(url)) == few
    assert "run 7" in admin_client.get(url).text


def test_an_undo_costs_the_same_queries_for_5_or_50_methods(admin_user):
    def undo(count, seed):
        run = import_synthetic(count, f"run of {count}", seed=seed)
        return queries(lambda: services.undo(run, comment="undo", user=admin_user))

    assert undo(5, 0) == undo(50, 1)


def run_the_worker() -> None:
    # In a test the worker shares the test's connection, whose transaction holds the test's
    # data: it must not close it, as the real worker (a process of its own) closes its own.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command(
            "task_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*"
        )


def test_the_task_worker_stops_with_one_line_when_the_database_goes_away(database_tasks):
    """As when PostgreSQL restarts under it: the server's supervisor starts it again, and its
    log says why it stopped, not a traceback of the worker's own loop."""
    lost = OperationalError("terminating connection due to administrator command\n")
    with (
        mock.patch("django_tasks_db.management.commands.db_worker.Worker.run", side_effect=lost),
        pytest.raises(CommandError) as stopped,
    ):
        call_command("task_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert str(stopped.value) == (
        "The database went away (terminating connection due to administrator command); "
        "the worker stops."
    )


def test_an_undo_runs_as_a_task_whose_page_shows_how_it_goes(catalog, admin_client, database_tasks):
    run = import_synthetic(30)
    before_import = Method.objects.count() - 30
    response = admin_client.post(reverse("admin:methods_catalogrevision_undo", args=[run.pk]))
    status = response["Location"]
    assert "/undo/" in status and Method.objects.count() == before_import + 30  # not yet

    waiting = admin_client.get(status)
    assert '<meta http-equiv="refresh" content="2">' in waiting.text
    assert "Đang chờ tiến trình chạy tác vụ hoàn tác" in waiting.text
    english = admin_client.get(status, HTTP_ACCEPT_LANGUAGE="en")
    assert "Waiting for the task worker to undo" in english.text

    run_the_worker()
    done = admin_client.get(status)
    assert "refresh" not in done.text
    assert "Đã hoàn tác lần sửa lúc" in done.text and "đã xoá: " in done.text
    assert Method.objects.count() == before_import
    assert admin_client.get(status.replace(str(run.pk), str(run.pk + 1000))).status_code == 404
    unknown = reverse("admin:methods_catalogrevision_undo_status", args=[run.pk, "no-such-task"])
    assert admin_client.get(unknown).status_code == 404


def test_the_dataset_download_is_built_by_a_task_and_the_older_file_served_meanwhile(
    client, catalog, database_tasks, settings
):
    run_the_worker()  # nothing queued yet: the first download queues the first build
    first = client.get(reverse("methods:dataset"))
    assert first.status_code == 503  # no file at all yet, and no build in a request
    run_the_worker()
    built = client.get(reverse("methods:dataset"))
    assert built.status_code == 200

    qlora = Method.objects.get(slug="qlora")
    qlora.originator = "An editor's correction"
    qlora.save()  # the version changes; the worker has not built its file yet
    meanwhile = client.get(reverse("methods:dataset"))
    assert meanwhile.status_code == 200 and meanwhile["ETag"] == built["ETag"]
    run_the_worker()
    fresh = client.get(reverse("methods:dataset"))
    assert fresh["ETag"] != built["ETag"]
    assert b"An editor's correction" in body(fresh)
    folder = settings.DATASET_DOWNLOAD_DIR
    assert len(list(folder.glob("*.json"))) == 1, "the older complete file is removed"


def test_a_build_removes_only_complete_older_files(catalog, settings):
    folder = settings.DATASET_DOWNLOAD_DIR
    folder.mkdir(parents=True)
    # Another process building a newer version: its marker and partial files stay.
    others = [
        folder / "scholargate-dataset-newer.building",
        folder / "scholargate-dataset-newer.json.gz.77.partial",
    ]
    older = folder / "scholargate-dataset-older.json"
    for path in [*others, older, older.with_name(older.name + ".gz")]:
        path.write_text("{}")
        os.utime(path, (1, 1))  # long ago
    path = download.build()
    assert path.exists() and path.with_name(path.name + ".gz").exists()
    assert all(other.exists() for other in others)
    assert not older.exists() and not older.with_name(older.name + ".gz").exists()


def test_build_dataset_waits_for_the_file_another_process_is_writing(catalog, settings):
    """The worker may be writing the file when `build_dataset` runs (right after an import):
    the command answers once the file is there, not before (the benchmark then read the older
    catalog's download)."""
    path = download._path(download.current_version())
    path.parent.mkdir(parents=True)
    marker = path.with_suffix(".building")
    marker.touch()  # another process is writing it

    def finish_writing():
        path.write_text("{}")
        marker.unlink()

    writer = threading.Timer(0.5, finish_writing)
    writer.start()
    output = io.StringIO()
    call_command("build_dataset", stdout=output)
    assert path.exists() and output.getvalue().strip() == str(path)
    writer.join()
    assert path.read_text() == "{}", "written by the other process, not again"


def test_relations_changed_from_the_shell_are_a_revision_of_their_own(db):
    method, other = MethodFactory(), MethodFactory()
    history.record_whole_catalog()
    token = CatalogVersion.current().token
    method.related.add(other)
    latest = Version.objects.get_for_object(method).first()
    assert latest.revision.comment == history.program()
    assert [pk for pk, _kind in history.content(latest)["related"]] == [other.pk]
    assert CatalogVersion.current().token != token
