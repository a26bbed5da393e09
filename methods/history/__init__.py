"""The catalog's history: every change to a method, field, family, type or property is kept as a
revision (django-reversion), whatever made it, so that any earlier state can be read, compared
with the present one and put back.

A revision holds one version of each object it changed, with the object's content *after* the
change, in both languages, its related methods included. Undoing a revision therefore puts each
of its objects back as the version before it had them, and deletes those it created.

- recording: what a version keeps, revisions, the state before a change;
- differences: versions compared with each other and with the present;
- restore: putting versions back, one object or a whole revision, in bulk.

Catalog writes go through methods.services, which make one revision per call.
"""

from methods.history.differences import (
    Difference,
    changes_by_version,
    content,
    differences,
    present_content,
    summarize,
    version_seen,
)
from methods.history.recording import (
    BEGINNING,
    CATALOG,
    add,
    author,
    command_comment,
    dated,
    deletions,
    described,
    kept_fields,
    log_deleted,
    paused,
    program,
    record_unversioned,
    record_whole_catalog,
    revision,
    versions_of,
)
from methods.history.restore import CannotRestore, with_presence, with_previous

__all__ = [
    "BEGINNING",
    "CATALOG",
    "CannotRestore",
    "Difference",
    "add",
    "author",
    "changes_by_version",
    "command_comment",
    "content",
    "dated",
    "deletions",
    "described",
    "differences",
    "kept_fields",
    "log_deleted",
    "paused",
    "present_content",
    "program",
    "record_unversioned",
    "record_whole_catalog",
    "revision",
    "summarize",
    "version_seen",
    "versions_of",
    "with_presence",
    "with_previous",
]
