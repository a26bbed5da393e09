"""The compare tray: the visitor's ordered selection of methods, kept in the session."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

from django.conf import settings
from django.contrib.sessions.models import Session

from methods.models import Method
from scholargate.db import serialized_write

SESSION_KEY = "compare_tray"
# The largest primary key a database can hold (64-bit); a larger number cannot be looked up.
MAX_ID = 2**63 - 1


class TrayFull(Exception):
    """The tray already holds the maximum number of methods."""


class Tray:
    """Method ids in the order they were added. What the session holds is never trusted:
    anything that is not a list of distinct ids is dropped quietly."""

    def __init__(self, session, max_size: int | None = None) -> None:
        self.session = session
        self.max_size = max_size or settings.COMPARE_MAX_METHODS

    @property
    def ids(self) -> list[int]:
        stored = self.session.get(SESSION_KEY)
        if not isinstance(stored, list):
            return []
        ids: list[int] = []
        for value in stored:
            if type(value) is int and 0 < value <= MAX_ID and value not in ids:
                ids.append(value)
                if len(ids) == self.max_size:
                    break
        return ids

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, method: Method) -> bool:
        return method.pk in self.ids

    @property
    def is_full(self) -> bool:
        return len(self) >= self.max_size

    def add(self, method: Method) -> bool:
        """Add at the end; False when it was already there. Raises TrayFull."""
        ids = self.ids
        if method.pk in ids:
            return False
        if len(ids) >= self.max_size:
            raise TrayFull
        self._save([*ids, method.pk])
        return True

    def remove(self, method: Method) -> bool:
        ids = self.ids
        if method.pk not in ids:
            return False
        self._save([pk for pk in ids if pk != method.pk])
        return True

    def clear(self) -> None:
        self._save([])

    def replace(self, methods: list[Method]) -> None:
        self._save([m.pk for m in methods][: self.max_size])

    def methods(self, queryset=None) -> list[Method]:
        """The methods, in tray order; ids of deleted methods are forgotten. They are also what
        the tray indicator shows (`selected`), so that is not looked up again."""
        ids = self.ids
        if not ids:
            return []
        found = (Method.objects.all() if queryset is None else queryset).in_order(ids)
        if len(found) != len(ids):
            self._save([m.pk for m in found])
        self.__dict__["selected"] = found
        return found

    @cached_property
    def selected(self) -> list[Method]:
        """The methods for templates, looked up once per request."""
        return self.methods(Method.objects.named())

    def _save(self, ids: list[int]) -> None:
        self.session[SESSION_KEY] = ids
        self.__dict__.pop("selected", None)


@contextmanager
def changing(session) -> Iterator[Tray]:
    """The session's tray, read afresh and saved with no other request in between.

    A session is saved whole after the response is made, so two tabs that add a method at
    the same moment would each save their own tray and one method would be lost. Here the
    tray is changed under a lock and saved at once."""
    key = session.session_key
    if key is None:  # a first visit: no other request can hold this session yet
        yield Tray(session)
        return
    with serialized_write():
        # PostgreSQL locks the session's row; SQLite writers are serialized whole.
        Session.objects.select_for_update().filter(session_key=key).exists()
        fresh = session.load()  # what other requests saved before the lock was ours
        session.clear()
        session.update(fresh)
        yield Tray(session)
        session.save()
    # Saved already; saving again after the response would undo a change made meanwhile.
    # Only a session that had to start afresh (it had expired) still needs its new cookie.
    session.modified = session.session_key != key
