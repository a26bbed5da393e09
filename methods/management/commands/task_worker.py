from django.core.management.base import CommandError
from django.db import DatabaseError
from django_tasks_db.management.commands.db_worker import Command as Worker


class Command(Worker):
    help = (
        "Run the tasks kept in the database (django-tasks-db's db_worker, same options). When the "
        "database goes away under it (PostgreSQL restarting, say), it stops with one line, not "
        "a traceback; the server's supervisor starts it again (scholargate.supervision). A task "
        "it was running leaves nothing half-written (each is one transaction, or whole files)."
    )

    def handle(self, *args, **options) -> None:
        try:
            super().handle(*args, **options)
        except DatabaseError as error:
            said = str(error).strip()
            reason = said.splitlines()[0] if said else type(error).__name__
            raise CommandError(f"The database went away ({reason}); the worker stops.") from None
