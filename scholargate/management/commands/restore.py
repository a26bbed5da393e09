from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from methods import history
from scholargate import backups


class Command(BaseCommand):
    help = (
        "Replace everything in the database with a file written by `backup`. All or nothing: "
        "if the file cannot be loaded, the database stays as it was."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path, help="A file written by `manage.py backup`.")
        parser.add_argument(
            "--no-input", dest="interactive", action="store_false", help="Do not ask to confirm."
        )

    def handle(self, *args, path: Path, interactive: bool, **options) -> None:
        if not path.is_file():
            raise CommandError(f"{path}: no such backup.")
        database = connection.settings_dict["NAME"]
        if interactive:
            answer = input(f"Replace everything in {database} with {path}? Type 'yes': ")
            if answer != "yes":
                raise CommandError("Nothing was changed.")
        try:
            with transaction.atomic():
                call_command("flush", interactive=False, verbosity=0)
                backups.load(path)
                # A backup from before the catalog's history: its content becomes the first
                # version (see methods.history).
                history.record_whole_catalog()
        except Exception as error:  # whatever the file caused: the transaction is undone
            raise CommandError(
                f"Nothing was changed: {path} cannot be restored. {error}"
            ) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {database} from {path}."))
