from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from methods import dataset
from methods.management.progress import ProgressBar


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

    def handle(self, *args, path: Path, overwrite: bool, **options) -> None:
        try:
            report = dataset.load(
                dataset.read(path),
                overwrite=overwrite,
                progress=ProgressBar(self.stderr, "Loading methods"),
            )
        except dataset.DatasetError as error:
            raise CommandError(f"Nothing was loaded. {error}") from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: {report.created} created, {report.updated} updated, "
                f"{report.kept} already present and kept"
                + ("" if overwrite or not report.kept else " (use --overwrite to replace them)")
            )
        )
