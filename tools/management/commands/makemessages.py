"""`makemessages` with ScholarGate's conventions, so `make messages`, a bare
`manage.py makemessages -l vi` and the coverage check all write the same catalog."""

import re
from pathlib import Path

from django.core.management.commands import makemessages

from tools.translations import NOT_SOURCE

POT_DATE = re.compile(r'^"POT-Creation-Date: .*\\n"$', re.MULTILINE)


class Command(makemessages.Command):
    def handle(self, *args, **options) -> None:
        options["ignore_patterns"] = [*options["ignore_patterns"], *NOT_SOURCE]
        # File names without line numbers: the catalog changes only when strings do.
        options["add_location"] = options["add_location"] or "file"
        # A string removed from the code leaves the catalog instead of lingering as `#~`.
        options["no_obsolete"] = True
        super().handle(*args, **options)

    def write_po_file(self, potfile: str, locale: str) -> None:
        # Nor does the extraction date alone change it (it would conflict in every merge).
        po = Path(potfile).parent / locale / "LC_MESSAGES" / f"{self.domain}.po"
        before = po.read_text(encoding="utf-8") if po.exists() else None
        super().write_po_file(potfile, locale)
        after = po.read_text(encoding="utf-8")
        if before is not None and POT_DATE.sub("", before) == POT_DATE.sub("", after):
            po.write_text(before, encoding="utf-8")
