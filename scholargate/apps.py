from django.apps import AppConfig
from django.core import checks


class ScholarGateConfig(AppConfig):
    """The site itself: error pages, production checks, backup and restore commands."""

    name = "scholargate"

    def ready(self) -> None:
        from scholargate import production

        checks.register(production.check_secret_key, checks.Tags.security, deploy=True)
