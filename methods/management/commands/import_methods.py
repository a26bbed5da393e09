from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from methods import history, importer
from methods.management.progress import ProgressBar

SHOWN_SKIPS = 50


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
            raise CommandError(_("Nothing was imported. %(error)s") % {"error": error}) from error
        # The whole run is one revision, which can be undone as a whole.
        report = importer.import_records(
            records,
            language=language,
            batch_size=batch_size,
            dry_run=dry_run,
            progress=ProgressBar(self.stderr, _("Importing methods")),
            comment=history.command_comment("import_methods", path),
        )
        counts = {
            "created": report.created,
            "updated": report.updated,
            "skipped": len(report.skipped),
        }
        if dry_run:
            summary = _(
                "Dry run, nothing written: would have %(created)d created, %(updated)d updated, "
                "%(skipped)d skipped"
            )
        else:
            summary = _("%(created)d created, %(updated)d updated, %(skipped)d skipped")
        self.stdout.write(self.style.SUCCESS(summary % counts))
        for row, reason in report.skipped[:SHOWN_SKIPS]:
            self.stdout.write(
                "  " + _("skipped %(row)s: %(reason)s") % {"row": row, "reason": reason}
            )
        if len(report.skipped) > SHOWN_SKIPS:
            more = len(report.skipped) - SHOWN_SKIPS
            self.stdout.write("  " + _("… and %(count)d more skipped") % {"count": more})
