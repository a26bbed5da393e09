from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MethodsConfig(AppConfig):
    name = "methods"
    verbose_name = _("Method catalog")

    def ready(self) -> None:
        from methods.editors import ensure_editors_group

        # After the permissions, which django.contrib.auth makes on the same signal.
        post_migrate.connect(ensure_editors_group, sender=self)
