"""The visitor's session, kept in the database that every app process shares (the compare tray
lives there: settings.SESSION_ENGINE says why not in Redis)."""

import re

from django.contrib.sessions.backends import db

# Django's session keys are lower-case letters and digits; the session table holds 40.
SESSION_KEY = re.compile(r"[a-z0-9]{8,40}")


class SessionStore(db.SessionStore):
    """A cookie that cannot be a session key (a quoted "\\000" arrives as a NUL byte, which
    PostgreSQL refuses in a query) starts a fresh session instead of reaching the database."""

    def _validate_session_key(self, key) -> bool:
        return isinstance(key, str) and SESSION_KEY.fullmatch(key) is not None
