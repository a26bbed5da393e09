"""The catalog's models, a module for each part of it:

- taxa: the lists methods pick from (research field, family, type), and how translated names
  are stored and read;
- method: the methods, their queries, and the light values (Brief) pages read instead;
- relations: how methods relate to each other, kept both ways;
- properties: the characteristics methods are compared on;
- catalog_version: the catalog's version and its revisions.

Django finds the models by this package's imports, and registers them in their order, which
is the order it lists them in (dumpdata): keep it.
"""

# isort: off
from methods.models.taxa import (
    Family,
    MethodType,
    ResearchField,
    Taxon,
    blank_translations_as_null,
    name_as_read,
)
from methods.models.method import (
    BRIEF_FIELDS,
    SEARCH_COLUMNS,
    Brief,
    Method,
    MethodQuerySet,
)
from methods.models.relations import Relation
from methods.models.properties import Property
from methods.models.catalog_version import CatalogRevision, CatalogVersion

# isort: on
# Defined by methods.names, imported from here along with the models.
from methods.names import NAME_FIELDS

__all__ = [
    "BRIEF_FIELDS",
    "NAME_FIELDS",
    "SEARCH_COLUMNS",
    "Brief",
    "CatalogRevision",
    "CatalogVersion",
    "Family",
    "Method",
    "MethodQuerySet",
    "MethodType",
    "Property",
    "Relation",
    "ResearchField",
    "Taxon",
    "blank_translations_as_null",
    "name_as_read",
]
