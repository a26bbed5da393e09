from django.apps import AppConfig


class ToolsConfig(AppConfig):
    """The tooling's management commands: the translation coverage, and makemessages and
    compilemessages with ScholarGate's conventions (tools.translations)."""

    name = "tools"
    # Not for translators: an app without models appears nowhere on the site or in the admin.
    verbose_name = "Development tools"
