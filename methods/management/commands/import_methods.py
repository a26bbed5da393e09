from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from methods import importer
from methods.management.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Import methods from a JSON or CSV file (Papers with Code's methods format included), "
        "upserting by slug, in one transaction."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--language",
            default="en",
            choices=[code for code, _name in settings.LANGUAGES],
            help="The language of the file's names and descriptions.",
        )
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, change nothing."
        )

    def handle(self, *args, path: Path, language: str, batch_size: int, dry_run: bool, **options):
        try:
            records = importer.read_records(path)
        except importer.ImportFileError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        report = importer.import_records(
            records,
            language=language,
            batch_size=batch_size,
            dry_run=dry_run,
            progress=ProgressBar(self.stderr, "Importing methods"),
        )
        prefix = "Dry run, nothing written: would have " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{report.created} created, {report.updated} updated, "
                f"{len(report.skipped)} skipped"
            )
        )
        for row, reason in report.skipped[:50]:
            self.stdout.write(f"  skipped {row}: {reason}")
        if len(report.skipped) > 50:
            self.stdout.write(f"  … and {len(report.skipped) - 50} more skipped")
