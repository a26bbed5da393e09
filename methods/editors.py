"""The "Editors" group: staff who keep the catalog but cannot touch users or groups. They
read the catalog's history and put back any version of it (methods.history), but cannot delete
history: only a superuser may purge it.

It is made (and its permissions brought up to date) after every `migrate`, and after the
database is emptied by a flush, so it always matches the catalog's models.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS = "Editors"
CATALOG_MODELS = ["method", "researchfield", "family", "methodtype", "property"]
HISTORY = "catalogrevision"


def ensure_editors_group(**kwargs) -> None:
    group, _created = Group.objects.get_or_create(name=EDITORS)
    catalog = Q(
        content_type__app_label="methods",
        content_type__model__in=CATALOG_MODELS,
        codename__regex=r"^(add|change|view)_",
    )
    history = Q(content_type__app_label="methods", codename=f"view_{HISTORY}")
    group.permissions.set(Permission.objects.filter(catalog | history))
