"""Comparing versions of a catalog object with each other and with the present, field by field
and per language, for the admin's history pages."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from modeltranslation.fields import TranslationField
from reversion.models import Version

from methods.history.recording import kept_fields, versions_of
from methods.models import Method, Relation

# Kept, but not content an editor compares: the time of the change is the revision's.
NOT_COMPARED = {"updated_at"}


@dataclass
class Difference:
    field: str
    language: str  # the language's name, or "" for a field that is not translated
    before: str
    after: str


def content(version: Version) -> dict:
    """A version's field values by attribute name: many-to-many values as lists of ids, a
    method's relations as (id, kind) pairs (versions made before relations had kinds, untyped)."""
    values = dict(version.field_dict)
    if "related" in values:
        values["related"] = _relation_pairs(values["related"])
    return values


def _relation_pairs(related: list) -> list[tuple[int, str]]:
    return sorted((r, "") if isinstance(r, int) else (int(r[0]), r[1]) for r in related)


def present_content(obj) -> dict:
    """The object's field values now, in the shape of a version's."""
    values = {}
    for field in kept_fields(obj.__class__):
        if field.name == "related":
            values["related"] = sorted(obj.relations.values_list("to_method", "kind"))
        elif field.many_to_many:
            values[field.attname] = list(getattr(obj, field.name).values_list("pk", flat=True))
        else:
            values[field.attname] = getattr(obj, field.attname)
    return values


def differences(model, before: dict, after: dict) -> list[Difference]:
    """What differs between two contents of an object, field by field and per language, in
    the order of the admin's form; a missing side (an object not yet made) reads as empty."""
    languages = dict(settings.LANGUAGES)
    found = []
    for field in model._meta.get_fields():
        name = getattr(field, "attname", None)
        if name is None or name in NOT_COMPARED or (name not in before and name not in after):
            continue
        old, new = before.get(name), after.get(name)
        if field.many_to_many:
            old, new = sorted(old or []), sorted(new or [])
        # A text not written is "" in versions made before it was kept as none (methods 0019).
        if old == new or (old in ("", None) and new in ("", None)):
            continue
        if isinstance(field, TranslationField):
            label, language = field.translated_field.verbose_name, languages[field.language]
        else:
            label, language = field.verbose_name, ""
        found.append(Difference(str(label), str(language), _shown(field, old), _shown(field, new)))
    return found


def changes_by_version(versions: list[Version]) -> list[tuple[Version, list[Difference]]]:
    """Each of an object's versions (newest first) with what it changed from the one before;
    the first one changed nothing."""
    found = []
    for version, earlier in zip(versions, [*versions[1:], None], strict=True):
        before = content(earlier) if earlier else content(version)
        found.append((version, differences(version._model, before, content(version))))
    return found


def _shown(field, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if field.name == "related":
        names = dict(
            Method.objects.filter(pk__in=[pk for pk, _kind in value]).values_list("pk", "name")
        )
        deleted = _("(deleted, #%(id)s)")
        kinds = dict(Relation.Kind.choices)
        return ", ".join(
            sorted(
                f"{names.get(pk, deleted % {'id': pk})} ({kinds[kind]})"
                if kind in kinds
                else names.get(pk, deleted % {"id": pk})
                for pk, kind in value
            )
        )
    if field.many_to_many:
        names = dict(field.related_model.objects.filter(pk__in=value).values_list("pk", "name"))
        deleted = _("(deleted, #%(id)s)")
        return ", ".join(sorted(names.get(pk, deleted % {"id": pk}) for pk in value))
    if field.many_to_one:
        target = field.related_model.objects.filter(pk=value).first()
        return str(target) if target else _("(deleted, #%(id)s)") % {"id": value}
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def version_seen(obj, updated_at: datetime) -> Version | None:
    """The version of obj that was current when it had this time of last change (versions keep
    times to the millisecond)."""
    wanted = updated_at.replace(microsecond=updated_at.microsecond // 1000 * 1000)
    for version in versions_of(obj):
        kept = content(version).get("updated_at")
        if kept and kept.replace(microsecond=kept.microsecond // 1000 * 1000) == wanted:
            return version
    return None


def summarize(difference: Difference, width: int = 120) -> str:
    """One difference on one line, long texts shortened."""
    label = difference.field
    if difference.language:
        label = f"{label} ({difference.language})"
    before, after = (Truncator(v).chars(width) for v in (difference.before, difference.after))
    return f"{label}: {before} → {after}"
