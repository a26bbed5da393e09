from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# What can be rebuilt (content types, permissions) or is only of the moment (sessions,
# login attempts) stays out; everything editors made goes in.
LEFT_OUT = ["contenttypes", "auth.permission", "sessions", "axes"]


def default_path() -> Path:
    return settings.BASE_DIR / "backups" / f"scholargate-{datetime.now():%Y%m%d-%H%M%S}.json.gz"


class Command(BaseCommand):
    help = (
        "Write the catalog, its translations and revisions, editors, groups and the admin's log "
        "to a compressed JSON file that `restore` loads into any ScholarGate database."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path", nargs="?", type=Path, help="Where to write (.json or .json.gz)."
        )

    def handle(self, *args, path: Path | None, **options) -> None:
        path = path or default_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Natural keys (usernames, content types) instead of row ids, so the file loads into a
        # database whose ids differ: SQLite to PostgreSQL, or a fresh install. Catalog rows
        # keep their ids (they have no natural key): their history (methods.history) and the
        # admin's log refer to them by id, and `restore` empties the database first.
        call_command(
            "dumpdata",
            natural_foreign=True,
            natural_primary=True,
            exclude=LEFT_OUT,
            output=str(path),
            verbosity=0,
        )
        self.stdout.write(
            self.style.SUCCESS(f"Backed up to {path} ({path.stat().st_size:,} bytes).")
        )
