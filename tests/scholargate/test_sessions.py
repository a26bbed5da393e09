import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore

from scholargate.sessions import SessionStore

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "cookie",
    ["\x00" * 8, "short", "a" * 41, "UPPERCASE0000", "<script>x</script>", "a b c d e f g h"],
    ids=["NUL bytes", "too short", "too long", "capitals", "markup", "spaces"],
)
def test_a_cookie_that_cannot_be_a_session_key_starts_a_fresh_session_unread(
    cookie, django_assert_num_queries
):
    with django_assert_num_queries(0):
        session = SessionStore(cookie)
        assert session.session_key is None
        assert dict(session.items()) == {}


def test_a_session_key_django_made_is_read():
    saved = DjangoSessionStore()
    saved["tray"] = [1, 2]
    saved.save()
    assert SessionStore(saved.session_key)["tray"] == [1, 2]
