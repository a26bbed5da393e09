from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class ScholarGateConfig(AppConfig):
    """The site itself: error pages, production checks, backup and restore commands."""

    name = "scholargate"
    verbose_name = _("ScholarGate")

    def ready(self) -> None:
        from scholargate import production

        checks.register(production.check_secret_key, checks.Tags.security, deploy=True)
