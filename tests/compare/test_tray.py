import threading

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, connections

from compare.tray import SESSION_KEY, Tray, TrayFull, changing
from tests.factories import MethodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session() -> SessionStore:
    return SessionStore()


def test_keeps_the_order_methods_were_added_in(session):
    first, second, third = MethodFactory.create_batch(3)
    tray = Tray(session)
    for method in (second, third, first):
        tray.add(method)
    assert tray.methods() == [second, third, first]
    assert session[SESSION_KEY] == [second.pk, third.pk, first.pk]


def test_refuses_duplicates(session):
    method = MethodFactory()
    tray = Tray(session)
    assert tray.add(method) is True
    assert tray.add(method) is False
    assert tray.ids == [method.pk]


def test_holds_at_most_the_maximum(session, settings):
    settings.COMPARE_MAX_METHODS = 4
    methods = MethodFactory.create_batch(5)
    tray = Tray(session)
    for method in methods[:4]:
        tray.add(method)
    with pytest.raises(TrayFull):
        tray.add(methods[4])
    assert tray.methods() == methods[:4]


def test_remove_and_clear(session):
    a, b = MethodFactory.create_batch(2)
    tray = Tray(session)
    tray.add(a)
    tray.add(b)
    tray.remove(a)
    tray.remove(a)  # gone already: nothing to do
    assert tray.methods() == [b]
    tray.clear()
    assert tray.methods() == []


@pytest.mark.parametrize(
    "stored",
    ["qlora", {"ids": [1]}, None, 42, ["1", 1.5, None, True, -3, [2]]],
)
def test_a_tampered_session_reads_as_an_empty_tray(session, stored):
    session[SESSION_KEY] = stored
    tray = Tray(session)
    assert tray.ids == []
    assert tray.methods() == []


def test_a_tampered_session_keeps_what_is_valid(session):
    a, b = MethodFactory.create_batch(2)
    session[SESSION_KEY] = ["x", a.pk, a.pk, 0, b.pk, "3"]
    assert Tray(session).methods() == [a, b]


def test_a_deleted_method_is_skipped_when_read_and_forgotten_at_the_next_change(session):
    a, b, c = MethodFactory.create_batch(3)
    session[SESSION_KEY] = [a.pk, b.pk]
    session.save()
    session = SessionStore(session.session_key)
    a.delete()

    assert Tray(session).methods() == [b]
    assert not session.modified, "reading the tray must not write the session"

    with changing(session) as tray:
        tray.add(c)
    assert SessionStore(session.session_key)[SESSION_KEY] == [b.pk, c.pk]


def test_two_tabs_changing_one_session_in_turn_keep_both_changes(session):
    """Each tab read the tray before either changed it, as each request has its session: the
    second tab's change starts from the first's, not from what it read."""
    a, b = MethodFactory.create_batch(2)
    session.save()
    first_tab, second_tab = SessionStore(session.session_key), SessionStore(session.session_key)
    assert first_tab.get(SESSION_KEY) is second_tab.get(SESSION_KEY) is None

    with changing(first_tab) as tray:
        tray.add(a)
    with changing(second_tab) as tray:
        tray.add(b)

    assert SessionStore(session.session_key)[SESSION_KEY] == [a.pk, b.pk]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite lets one writer in at a time: its transactions are the lock",
)
@pytest.mark.django_db(transaction=True)
def test_two_tabs_changing_one_session_at_the_same_moment_keep_both_changes():
    """The first tab's change is held after it read the tray, before it saves: the second,
    changing meanwhile, must wait for it and start from its change."""
    a, b = MethodFactory.create_batch(2)
    session = SessionStore()
    session.save()
    read, second_done = threading.Event(), threading.Event()

    def first_tab():
        tab = SessionStore(session.session_key)
        tab.get(SESSION_KEY)
        try:
            with changing(tab) as tray:
                read.set()
                second_done.wait(timeout=2)  # the second tab would be done by now, unless held
                tray.add(a)
        finally:
            connections.close_all()

    def second_tab():
        tab = SessionStore(session.session_key)
        tab.get(SESSION_KEY)
        try:
            read.wait(timeout=10)
            with changing(tab) as tray:
                tray.add(b)
        finally:
            second_done.set()
            connections.close_all()

    threads = [threading.Thread(target=first_tab), threading.Thread(target=second_tab)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert SessionStore(session.session_key)[SESSION_KEY] == [a.pk, b.pk]


def test_a_session_over_the_limit_is_cut(session, settings):
    settings.COMPARE_MAX_METHODS = 2
    methods = MethodFactory.create_batch(3)
    session[SESSION_KEY] = [m.pk for m in methods]
    assert Tray(session).methods() == methods[:2]
