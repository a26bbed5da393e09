"""`compilemessages` that compiles ScholarGate's catalogs only: Django's own walks the
whole tree, virtualenv included, and would rewrite the installed packages' catalogs."""

from django.core.management.commands import compilemessages

from tools.translations import NOT_SOURCE


class Command(compilemessages.Command):
    def handle(self, **options) -> None:
        options["ignore_patterns"] = [*options["ignore_patterns"], ".*", *NOT_SOURCE]
        super().handle(**options)
