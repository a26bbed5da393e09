import gc
import logging

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from methods import memo
from methods.models import CatalogVersion
from methods.warmup import rewarm, warm, warm_and_freeze

PAGES = [
    "/en/methods/?q=transfromer",  # a typo: the search's vocabulary
    "/vi/methods/?field=deep-learning&type=method",  # the menus, the taxa
    "/vi/compare/?m=qlora,dpo,ldm",  # names in an address, properties
]


@pytest.mark.parametrize("path", PAGES)
def test_a_warmed_process_reads_nothing_catalog_wide_for_its_first_visitors(client, catalog, path):
    """A server process reads what pages derive from the whole catalog before its first
    request: those requests then read only what is theirs."""
    memo.clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(path).status_code == 200
    memo.clear()
    warm()
    with CaptureQueriesContext(connection) as warmed:
        assert client.get(path).status_code == 200
    assert len(warmed) < len(cold)
    whole = [q["sql"] for q in warmed if "WHERE" not in q["sql"] and "methods_method" in q["sql"]]
    assert whole == []


def test_a_database_that_cannot_be_read_leaves_it_to_the_first_pages(
    db, monkeypatch, caplog, client, catalog
):
    def unreachable():
        raise OperationalError("the database is away")

    monkeypatch.setattr(CatalogVersion, "current", unreachable)
    with caplog.at_level(logging.WARNING, logger="methods.warmup"):
        warm()  # does not raise: the worker still starts
    assert "could not be read ahead" in caplog.text


def test_a_frozen_worker_lets_go_of_what_each_catalog_version_it_replaces_held(db, catalog):
    """A server worker leaves what it read ahead out of its garbage collections (gc.freeze).
    When the catalog changes, what derived from the older version must still be freed, though
    some of it is held in reference cycles: otherwise each editor's save kept 2,000 objects
    more in every worker."""
    memo.clear()
    gc.collect()
    warm_and_freeze()
    try:
        frozen = []
        for _ in range(5):
            CatalogVersion.bump()
            warm()  # what the requests that find the new version read
            rewarm()  # after the request
            frozen.append(gc.get_freeze_count())
        assert max(frozen) - min(frozen) < 500, frozen
        assert not memo.replaced()  # nothing left to do until the next change
    finally:
        gc.unfreeze()
