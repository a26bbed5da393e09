"""`makemessages` with ScholarGate's conventions, so `make messages`, a bare
`manage.py makemessages -l vi` and the coverage check all write the same catalog."""

from django.core.management.commands import makemessages

from scholargate.translations import NOT_SOURCE


class Command(makemessages.Command):
    def handle(self, *args, **options) -> None:
        options["ignore_patterns"] = [*options["ignore_patterns"], *NOT_SOURCE]
        # File names without line numbers: the catalog changes only when strings do.
        options["add_location"] = options["add_location"] or "file"
        # A string removed from the code leaves the catalog instead of lingering as `#~`.
        options["no_obsolete"] = True
        super().handle(*args, **options)
