from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MethodsConfig(AppConfig):
    name = "methods"
    verbose_name = _("Method catalog")

    def ready(self) -> None:
        from methods.editors import ensure_editors_group
        from methods.history import record_whole_catalog
        from methods.search import restore_triggers

        # After the permissions, which django.contrib.auth makes on the same signal.
        post_migrate.connect(ensure_editors_group, sender=self)
        post_migrate.connect(record_whole_catalog, sender=self)
        # A migration that rebuilds the methods table on SQLite drops the search index's triggers.
        post_migrate.connect(restore_triggers, sender=self)
