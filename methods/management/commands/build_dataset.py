from django.core.management.base import BaseCommand

from methods import download


class Command(BaseCommand):
    help = (
        "Write the dataset download of the catalog as it is now (after each change, the task "
        "worker does it), or wait for the one being written; `make serve` runs it before the "
        "server starts."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(str(download.built()))
