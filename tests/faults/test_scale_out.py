"""Two `make serve` instances on two ports, sharing one database and one Redis, as a load
balancer would see them: a visitor whose requests alternate between them keeps one tray
through 200 adds and removes, both serve one catalog version, and an editor's change made on
one shows at once on the other."""

import re
import subprocess
import sys
import time
from contextlib import ExitStack
from html.parser import HTMLParser

import pytest

from tests.helpers import compared_columns
from tests.servers import (
    REDIS,
    ROOT,
    RedisServer,
    Server,
    Visitor,
    database_for_servers,
    production_environment,
    running,
)

pytestmark = [
    pytest.mark.system,
    pytest.mark.skipif(
        REDIS is None, reason="redis-server is not installed (Debian: apt-get install redis-server)"
    ),
]

CHANGES = 200
SLUGS = ["qlora", "lora", "bert", "transformer"]
EDITOR = {"username": "editor", "password": "a long editor's password"}


@pytest.fixture(scope="module")
def instances(tmp_path_factory, deployed):
    """Both instances have the same secret key, database and Redis (and static files, which
    each machine would collect alike)."""
    tmp_path = tmp_path_factory.mktemp("instances")
    with ExitStack() as stack:
        redis = stack.enter_context(RedisServer(tmp_path))
        database_url = stack.enter_context(
            database_for_servers(tmp_path, copy_of=deployed.database)
        )
        env = production_environment(
            database_url,
            deployed.static_root,
            REDIS_URL=redis.url,
            WEB_CONCURRENCY="2",
            DJANGO_SECURE_SSL_REDIRECT="False",
            DJANGO_SECURE_COOKIES="False",
        )
        servers = [
            stack.enter_context(
                running(
                    ["make", "--no-print-directory", "serve"], env, tmp_path / f"serve-{name}.log"
                )
            )
            for name in ["a", "b"]
        ]
        yield servers, env


def tray(visitor: Visitor, server: Server) -> list[str]:
    page = visitor.get(server.url + "/en/compare/")
    return compared_columns(page.text)


def test_a_visitor_alternating_between_instances_loses_no_tray_change(instances, report):
    servers, _env = instances
    visitor = Visitor(follow_redirects=False)  # each change is read on the other instance
    visitor.get(servers[0].url + "/en/methods/")
    expected: list[str] = []
    statuses, lost = [], 0
    for change in range(CHANGES):
        server, other = servers[change % 2], servers[(change + 1) % 2]
        step = change % (2 * len(SLUGS))
        if step < len(SLUGS):
            action, slug = "add", SLUGS[step]
            expected.append(slug)
        else:
            action, slug = "remove", SLUGS[step - len(SLUGS)]
            expected.remove(slug)
        answer = visitor.post(f"{server.url}/en/compare/{action}/", {"method": slug})
        statuses.append(answer.status)
        lost += tray(visitor, other) != expected  # read on the instance that did not change it
    report(
        f"Two instances, {CHANGES} alternating adds and removes",
        answers={status: statuses.count(status) for status in set(statuses)},
        lost_changes=lost,
    )
    assert set(statuses) == {302}  # the form's redirect back to where the visitor was
    assert lost == 0


class FormFields(HTMLParser):
    """The fields a browser would send from a page's one form with `form_id`."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside, self.fields = form_id, False, {}
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        elif self.inside and tag == "input" and attrs.get("name"):
            if attrs.get("type") not in {"submit", "checkbox"} or "checked" in attrs:
                self.fields[attrs["name"]] = attrs.get("value") or ""
        elif self.inside and tag == "textarea":
            self.textarea = attrs["name"]
            self.fields[self.textarea] = ""

    def handle_data(self, data):
        if self.textarea:
            self.fields[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def test_an_editors_change_on_one_instance_shows_at_once_on_the_other(instances, report):
    (first, second), env = instances
    subprocess.run(
        [sys.executable, "manage.py", "createsuperuser", "--noinput", "--email", "e@example.org"],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SUPERUSER_USERNAME": EDITOR["username"],
            "DJANGO_SUPERUSER_PASSWORD": EDITOR["password"],
        },
        check=True,
        capture_output=True,
    )
    visitor = Visitor()
    assert "Causal inference" in visitor.get(second.url + "/en/methods/").text  # menus kept
    version = visitor.get(second.url + "/en/methods/dataset.json").headers["ETag"]
    assert visitor.get(first.url + "/en/methods/dataset.json").headers["ETag"] == version

    editor = Visitor()
    editor.get(first.url + "/admin/login/")
    logged_in = editor.post(first.url + "/admin/login/?next=/admin/", EDITOR)
    assert logged_in.url.endswith("/admin/")
    fields = editor.get(first.url + "/admin/methods/researchfield/?q=causal").text
    change = re.search(r'href="(/admin/methods/researchfield/\d+/change/)', fields)[1]
    form = FormFields("researchfield_form")
    form.feed(editor.get(first.url + change).text)
    saved = editor.post(
        first.url + change, {**form.fields, "name_en": "Causal inference and discovery"}
    )
    assert saved.status == 200 and saved.url.endswith("/admin/methods/researchfield/")

    catalog = visitor.get(second.url + "/en/methods/").text
    new_version = newest_dataset(visitor, second, version)
    report(
        "Editor's change on one instance",
        seen_on_the_other="Causal inference and discovery" in catalog,
        one_version=new_version == newest_dataset(visitor, first, version),
    )
    assert "Causal inference and discovery" in catalog
    assert new_version != version
    assert newest_dataset(visitor, first, version) == new_version


def newest_dataset(visitor: Visitor, server: Server, older: str) -> str:
    """The dataset's ETag once the server's task worker has written the catalog's new version
    (the older file is served meanwhile), or the older one after ten seconds."""
    for _attempt in range(100):
        etag = visitor.get(server.url + "/en/methods/dataset.json").headers["ETag"]
        if etag != older:
            return etag
        time.sleep(0.1)
    return etag
