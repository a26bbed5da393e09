"""Tooling beside the site: the benchmark and the synthetic catalog it measures, the call
counter, the history measurements, and the translation tooling (tools.translations).

An installed app for its management commands alone (translation_coverage, and ScholarGate's
makemessages and compilemessages): serving reads tools/apps.py and nothing else here. Nothing
under scholargate/, methods/ or compare/ imports this package (tests/tools checks it)."""
