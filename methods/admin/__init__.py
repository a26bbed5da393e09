"""The catalog's admin: methods, taxa and properties with their history (catalog), the base
that adds history to an admin (history), and the catalog's revisions (revisions)."""

from methods.admin import catalog, revisions

__all__ = ["catalog", "revisions"]
