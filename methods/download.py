"""The dataset download: written to a file once per catalog version, then served from it.

Building the file reads the whole catalog (seconds at 10,000 methods), so it happens once per
version, in one process at a time; every other download is a file read, or a 304.
"""

import gzip
import json
import os
import time
from pathlib import Path

from django.conf import settings

from methods import dataset
from methods.models import CatalogVersion

# A build marker older than this was left by a process that died while building.
ABANDONED_AFTER = 300


class Building(Exception):
    """Another process is writing this version's file right now."""


def current_version() -> str:
    """Changes with the catalog and with the code that writes the file."""
    return f"{settings.RELEASE}-{CatalogVersion.current().token}"


def etag(request) -> str:
    # Weak: the gzip and the plain file are the same dataset.
    return f'W/"{current_version()}"'


def last_modified(request):
    return CatalogVersion.current().changed_at


def file_for(version: str) -> Path:
    """The dataset file of this version (with a gzip copy beside it), written if missing.
    Raises Building while another process writes it."""
    directory = Path(settings.DATASET_DOWNLOAD_DIR)
    path = directory / f"scholargate-dataset-{version}.json"
    if path.exists():
        return path
    directory.mkdir(parents=True, exist_ok=True)
    marker = path.with_suffix(".building")
    if marker.exists() and time.time() - marker.stat().st_mtime > ABANDONED_AFTER:
        marker.unlink(missing_ok=True)
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        raise Building from None
    try:
        content = json.dumps(dataset.dump(), ensure_ascii=False, indent=2).encode()
        _write(path.with_name(path.name + ".gz"), gzip.compress(content, mtime=0))
        _write(path, content)  # last: its presence says both are complete
        for old in directory.glob("scholargate-dataset-*"):
            if not old.name.startswith(path.name) and old != marker:
                old.unlink(missing_ok=True)
    finally:
        marker.unlink(missing_ok=True)
    return path


def _write(path: Path, content: bytes) -> None:
    """Whole or not at all: a reader never sees half a file."""
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(content)
    os.replace(partial, path)
