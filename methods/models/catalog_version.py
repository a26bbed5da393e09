"""The catalog as a whole: the version that changes with every change to it, and its
revisions as the admin lists them."""

import uuid

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from reversion.models import Revision

from scholargate.statements import Statement


class CatalogVersion(models.Model):
    """A token that changes whenever the catalog does, so what is derived from the whole catalog
    (the dataset download) is made once per version. One row, shared by every server process; a
    random token rather than a counter, so a restored database can never bring back an old
    version."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.token

    @classmethod
    def current(cls) -> "CatalogVersion":
        found = _CURRENT.objects()  # every page reads it
        return found[0] if found else cls(pk=1, token="")

    @classmethod
    def bump(cls) -> None:
        token, now = uuid.uuid4().hex, timezone.now()
        if not cls.objects.filter(pk=1).update(token=token, changed_at=now):
            cls.objects.create(pk=1, token=token, changed_at=now)


_CURRENT = Statement(lambda slot: CatalogVersion.objects.filter(pk=1))


class CatalogRevision(Revision):
    """The catalog's revisions (methods.history), shown in the admin with the catalog."""

    class Meta:
        proxy = True
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        # When it was made: django-reversion's lists its objects, a query per revision listed.
        return formats.date_format(timezone.localtime(self.date_created), "DATETIME_FORMAT")
