from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from scholargate import backups


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
        backups.dump(path)
        self.stdout.write(
            self.style.SUCCESS(f"Backed up to {path} ({path.stat().st_size:,} bytes).")
        )
