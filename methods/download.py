"""The dataset download: a file per catalog version, written by a task (methods.tasks) after each
catalog write, never in a request.

Building the file reads the whole catalog (seconds at 10,000 methods). Readers get the newest
complete file while a newer one is built; only complete older files are removed, after a newer
one is complete, so a build never loses its files to another.
"""

import gzip
import hashlib
import json
import os
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from methods import dataset
from methods.models import CatalogVersion

PREFIX = "scholargate-dataset-"
# A marker older than this was left by a process that died (or a worker that never came).
ABANDONED_AFTER = 300


@dataclass(frozen=True)
class Download:
    path: Path  # the JSON file; the gzip copy is beside it
    version: str
    current: bool  # the catalog's current version's, or an older one while that one is built

    @property
    def etag(self) -> str:
        # Weak: the gzip and the plain file are the same dataset.
        return f'W/"{self.version}"'

    @property
    def last_modified(self) -> datetime:
        return datetime.fromtimestamp(self.path.stat().st_mtime, UTC)


def queue() -> str:
    """The task queue of this server's builds: each server writes the file on its own disk
    (DJANGO_DATASET_DIR), so only a worker beside it may build it."""
    folder = str(Path(settings.DATASET_DOWNLOAD_DIR).resolve())
    return f"dataset-{hashlib.sha256(folder.encode()).hexdigest()[:12]}"


def current_version() -> str:
    """Changes with the catalog and with the code that writes the file."""
    return f"{settings.RELEASE}-{CatalogVersion.current().token}"


def _path(version: str) -> Path:
    return Path(settings.DATASET_DOWNLOAD_DIR) / f"{PREFIX}{version}.json"


def newest() -> Download | None:
    """The current version's file if it is complete, else the newest complete one; None before
    the first is written."""
    version = current_version()  # read once: the file, its ETag and its date agree
    if _path(version).exists():
        return Download(_path(version), version, current=True)
    complete = sorted(
        Path(settings.DATASET_DOWNLOAD_DIR).glob(f"{PREFIX}*.json"),
        key=lambda path: path.stat().st_mtime,
    )
    if not complete:
        return None
    path = complete[-1]
    return Download(path, path.name.removeprefix(PREFIX).removesuffix(".json"), current=False)


def needs_building() -> bool:
    """Whether the current version's file is neither written nor being built or queued (a
    marker says so, until it is abandoned); claims it if so, so that one build is queued."""
    path = _path(current_version())
    if path.exists():
        return False
    return _claim(path.with_suffix(".queued"))


def build() -> Path:
    """Write the current version's file (with a gzip copy beside it) unless it is there or being
    written, then remove the complete files of older versions."""
    path = _path(current_version())
    path.with_suffix(".queued").unlink(missing_ok=True)
    if path.exists() or not _claim(marker := path.with_suffix(".building")):
        return path
    try:
        content = json.dumps(dataset.dump(), ensure_ascii=False, indent=2).encode()
        _write(path.with_name(path.name + ".gz"), gzip.compress(content, mtime=0))
        _write(path, content)  # last: its presence says both are complete
        # Only complete older versions go (their JSON is written last): the JSON first, so no
        # new reader picks it, then its gzip copy.
        written = path.stat().st_mtime
        for old in path.parent.glob(f"{PREFIX}*.json"):
            try:
                older = old != path and old.stat().st_mtime <= written
            except FileNotFoundError:  # another build removed it first
                continue
            if older:
                old.unlink(missing_ok=True)
                old.with_name(old.name + ".gz").unlink(missing_ok=True)
    finally:
        marker.unlink(missing_ok=True)
    return path


def built(poll: float = 0.2) -> Path:
    """The current version's file once it is there: written now, or by the process writing it
    already (the task worker, after a write), waited for; a build abandoned meanwhile is taken
    over. What `build_dataset` does: whoever runs it reads the file next."""
    path = build()
    while not path.exists():
        time.sleep(poll)
        path = build()
    return path


def _claim(marker: Path) -> bool:
    """Create marker unless another process holds it (an abandoned one is taken over)."""
    marker.parent.mkdir(parents=True, exist_ok=True)
    try:
        if time.time() - marker.stat().st_mtime > ABANDONED_AFTER:
            marker.unlink(missing_ok=True)
    except FileNotFoundError:
        pass
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def _write(path: Path, content: bytes) -> None:
    """Whole or not at all: a reader never sees half a file."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_bytes(content)
    os.replace(partial, path)
