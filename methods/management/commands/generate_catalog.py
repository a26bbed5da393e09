import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from methods import synthetic


class Command(BaseCommand):
    help = "Write a realistic synthetic catalog of N methods (Papers with Code format) as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("count", type=int)
        parser.add_argument("--output", type=Path, required=True)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, count: int, output: Path, seed: int, **options) -> None:
        methods = synthetic.generate(count, seed=seed)
        output.write_text(json.dumps(methods, ensure_ascii=False, indent=1), encoding="utf-8")
        self.stdout.write(
            _("%(count)d methods written to %(path)s") % {"count": len(methods), "path": output}
        )
