"""The vocabulary methods are compared on (methods.characteristics reads a method's values)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from methods.models.taxa import Family, blank_translations_as_null
from methods.validators import validate_printable


class Property(models.Model):
    """A characteristic researchers compare methods on ("needs a reward model"), with the type of
    its values and the families of methods it applies to (none: every method)."""

    class ValueType(models.TextChoices):
        BOOLEAN = "boolean", _("yes or no")
        CHOICE = "choice", _("one of a list")
        CHOICES = "choices", _("one or more of a list")
        NUMBER = "number", _("a number")
        TEXT = "text", _("a short text")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    label = models.CharField(_("label"), max_length=120, validators=[validate_printable])
    help = models.CharField(
        _("explanation"), max_length=300, blank=True, validators=[validate_printable]
    )
    value_type = models.CharField(_("type of value"), max_length=10, choices=ValueType)
    unit = models.CharField(_("unit"), max_length=40, blank=True, validators=[validate_printable])
    # [{"slug": ..., "label": {"vi": ..., "en": ...}}] for the two kinds of list.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    families = models.ManyToManyField(
        Family,
        blank=True,
        related_name="properties",
        verbose_name=_("applies to"),
        help_text=_("The families of methods it applies to; none for every method."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("property")
        verbose_name_plural = _("properties")

    def __str__(self) -> str:
        return self.label

    def save(self, *args, **kwargs) -> None:
        blank_translations_as_null(self)
        super().save(*args, **kwargs)
