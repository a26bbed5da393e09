from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from methods import dataset
from methods.models import Method


class Command(BaseCommand):
    help = (
        "Load a ScholarGate dataset (the bundled one by default) into the catalog, all or nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=dataset.BUNDLED_DATASET)
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace existing methods, and editors' changes to them, with the file's values.",
        )

        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into an empty catalog (as `make serve` does), so that a method an "
            "editor deleted stays deleted.",
        )

    def handle(self, *args, path: Path, overwrite: bool, if_empty: bool, **options) -> None:
        if if_empty and Method.objects.exists():
            self.stdout.write("The catalog already holds methods; nothing was loaded.")
            return
        try:
            report = dataset.load(dataset.read(path), overwrite=overwrite, progress=self.progress)
        except dataset.DatasetError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: {report.created} created, {report.updated} updated, "
                f"{report.kept} already present and kept"
                + ("" if overwrite or not report.kept else " (use --overwrite to replace them)")
            )
        )

    def progress(self, done: int, total: int) -> None:
        if not self.stderr.isatty():
            return
        width = 30
        filled = width * done // total
        bar = f"[{'#' * filled}{'.' * (width - filled)}]"
        self.stderr.write(
            f"\rLoading methods {bar} {done}/{total}", ending="\n" if done == total else ""
        )
        self.stderr.flush()
