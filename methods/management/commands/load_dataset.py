from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from methods import dataset, history
from methods.management.progress import ProgressBar
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
            data = dataset.read(path)
            report = dataset.load(
                data,
                overwrite=overwrite,
                progress=ProgressBar(self.stderr, _("Loading methods")),
                comment=history.command_comment("load_dataset", path),
            )
        except dataset.DatasetError as error:
            raise CommandError(_("Nothing was loaded. %(error)s") % {"error": error}) from error
        summary = _(
            "%(file)s: %(created)d created, %(updated)d updated, %(kept)d already present and kept"
        ) % {
            "file": path.name,
            "created": report.created,
            "updated": report.updated,
            "kept": report.kept,
        }
        if report.kept and not overwrite:
            summary += " " + _("(use --overwrite to replace them)")
        self.stdout.write(self.style.SUCCESS(summary))
