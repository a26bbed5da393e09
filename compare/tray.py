"""The compare tray: the visitor's ordered selection of methods, kept in the session."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction

from methods.models import Method

SESSION_KEY = "compare_tray"
# The largest primary key a database can hold (64-bit); a larger number cannot be looked up.
MAX_ID = 2**63 - 1


class TrayFull(Exception):
    """The tray already holds the maximum number of methods."""


class Tray:
    """Method ids in the order they were added. Reading it never writes the session; ids of
    methods deleted since are skipped when read and forgotten at the next change."""

    def __init__(self, session, max_size: int | None = None) -> None:
        self.session = session
        self.max_size = max_size or settings.COMPARE_MAX_METHODS
        self._methods: list[Method] | None = None
        self._ids: list[int] | None = None

    @property
    def ids(self) -> list[int]:
        """Read once (a page asks for every control it shows), again after a change."""
        if self._ids is None:
            stored = self.session.get(SESSION_KEY)
            ids = (
                [v for v in stored if type(v) is int and 0 < v <= MAX_ID]
                if isinstance(stored, list)
                else []
            )
            self._ids = list(dict.fromkeys(ids))[: self.max_size]
        return self._ids

    def __contains__(self, method: Method) -> bool:
        return method.pk in self.ids

    def add(self, method: Method) -> bool:
        """Add at the end; False when it was already there. Raises TrayFull."""
        ids = self.ids
        if method.pk in ids:
            return False
        if len(ids) >= self.max_size:
            raise TrayFull
        self._save([*ids, method.pk])
        return True

    def swap(self, old: Method, new: Method) -> None:
        """`new` in `old`'s place; nothing changes when `new` is already there."""
        if new.pk not in self.ids:
            self._save([new.pk if pk == old.pk else pk for pk in self.ids])

    def remove(self, method: Method) -> None:
        self._save([pk for pk in self.ids if pk != method.pk])

    def clear(self) -> None:
        self._save([])

    def replace(self, methods: list[Method]) -> None:
        self._save([m.pk for m in methods][: self.max_size])

    def methods(self, read: Callable[[list[int]], list[Method]] | None = None) -> list[Method]:
        """The methods, in tray order, as `read` reads them from their ids (by default, just
        their names). Looked up once per request: the tray indicator shows those the view
        looked up (`selected`)."""
        if not self.ids:
            return []
        if self._methods is None or read is not None:
            self._methods = (read or Method.objects.named().in_order)(self.ids)
        return self._methods

    @property
    def selected(self) -> list[Method]:
        return self.methods()

    def _save(self, ids: list[int]) -> None:
        self.session[SESSION_KEY] = ids
        self._methods = self._ids = None


@contextmanager
def changing(session) -> Iterator[Tray]:
    """The session's tray, read afresh, changed and saved in one short transaction.

    A session is saved whole after the response is made, so two tabs that add a method at
    the same moment would each save their own tray and one method would be lost. Here the
    session's row is locked first (PostgreSQL locks the row; SQLite's IMMEDIATE transactions
    let one writer in at a time and the others wait out the busy timeout), so each change
    starts from the one before."""
    key = session.session_key
    with transaction.atomic():
        if key is not None:
            Session.objects.select_for_update().filter(session_key=key).first()
            fresh = session.load()  # what other requests saved before the lock was ours
            session.clear()
            session.update(fresh)
        tray = Tray(session)
        # Methods deleted since they were added are forgotten before the change.
        tray._save([m.pk for m in Method.objects.only("pk").in_order(tray.ids)])
        yield tray
        if key is not None:
            session.save()
    if key is not None:
        # Saved already; saving again after the response would undo a change made meanwhile.
        # Only a session that had to start afresh (it had expired) still needs its new cookie.
        session.modified = session.session_key != key
