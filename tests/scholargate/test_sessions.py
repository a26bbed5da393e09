from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from scholargate.sessions import SessionStore


def test_a_saved_session_is_read_back_whole(db):
    session = SessionStore()
    session["compare_tray"] = [3, 1, 2]
    session.save()

    again = SessionStore(session.session_key)
    assert again["compare_tray"] == [3, 1, 2]
    assert again.session_key == session.session_key


def test_an_expired_session_reads_as_empty_and_is_not_revived(db):
    session = SessionStore()
    session["compare_tray"] = [1]
    session.save()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    expired = SessionStore(session.session_key)
    assert "compare_tray" not in expired
    assert expired.session_key is None, "an expired key must not be saved again"


def test_an_unknown_key_reads_as_empty(db):
    session = SessionStore("abcdefgh12345678abcdefgh12345678")
    assert dict(session.items()) == {}
    assert session.session_key is None
