from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class MethodsConfig(AppConfig):
    name = "methods"
    verbose_name = _("Method catalog")

    def ready(self) -> None:
        from methods import services
        from methods.editors import ensure_editors_group
        from methods.history import CATALOG, record_whole_catalog
        from methods.history.recording import register_catalog
        from methods.search import restore_triggers

        # History keeps every language's column: modeltranslation, first in INSTALLED_APPS, has
        # added them in its own ready() (it reads each app's translation.py there).
        register_catalog()
        # Catalog writes go through methods.services; this catches those made elsewhere.
        for model in CATALOG:
            for signal in (post_save, post_delete):
                signal.connect(services.record_stray_write, sender=model, dispatch_uid="stray")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    services.record_stray_write,
                    sender=field.remote_field.through,
                    dispatch_uid="stray",
                )
        # After the permissions, which django.contrib.auth makes on the same signal.
        post_migrate.connect(ensure_editors_group, sender=self)
        post_migrate.connect(record_whole_catalog, sender=self)
        # A migration that rebuilds the methods table on SQLite drops the search index's triggers.
        post_migrate.connect(restore_triggers, sender=self)
