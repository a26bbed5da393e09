"""What pages derive from the whole catalog, read by a server process before its first request.

Each process keeps these per catalog version (methods.memo). A new one, at start or when
gunicorn recycles it, made its first visitors wait while it read them: the search's vocabulary
of 10,000 methods alone is half a second, and with a queue behind it, the slowest requests of a
busy server."""

import gc
import logging

from django.conf import settings
from django.db import DatabaseError
from django.utils import translation

from methods import characteristics, memo, search
from methods.forms import taxon_choices
from methods.models import CatalogVersion, Family, Method, MethodType, ResearchField
from methods.models.taxa import every_taxon

logger = logging.getLogger(__name__)


def warm() -> None:
    """Read them for the catalog's current version. A database that cannot be read now only
    leaves them to the first pages that need them."""
    try:
        version = CatalogVersion.current().token
        every_taxon(version)
        Method.ids_by_name([], version)
        search.labels(version)
        search.vocabulary(version)
        search.titles(version)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                characteristics.vocabulary(version)
                for model in (ResearchField, Family, MethodType):
                    taxon_choices(model, version)
    except DatabaseError:
        logger.warning("The catalog could not be read ahead of requests.", exc_info=True)


def warm_and_freeze() -> None:
    """What a server worker does before its first request: warm(), and leave all it holds then
    out of its garbage collections (gc.freeze): at 10,000 methods a full collection walked
    120,000 objects, 86 ms, and collections took 7 % of a worker's time."""
    warm()
    gc.freeze()


def rewarm(**kwargs) -> None:
    """After a request that found a new catalog version (request_finished, in server workers):
    read the rest of what derives from it, and collect what derived from the older one. Some of
    that is held in reference cycles (model instances and their querysets), which a frozen heap
    never collects: unfrozen, collected once, and frozen again, each change leaves nothing."""
    if memo.replaced():
        warm()
        gc.unfreeze()
        gc.collect()
        gc.freeze()
