"""Django's JSON serialization, with a method's relations kept as [id, kind] pairs.

Django leaves a many-to-many relation with a through model of its own out of what it serializes;
the catalog's history (django-reversion) keeps a method as its serializer writes it, and a
method's relations with their kinds belong to its history. Registered as the format
"catalog-json" (settings.SERIALIZATION_MODULES)."""

from django.core.serializers import json


class Serializer(json.Serializer):
    def handle_m2m_field(self, obj, field):
        if field.remote_field.through._meta.auto_created:
            return super().handle_m2m_field(obj, field)
        # The rows from this side (prefetched when many methods are kept at once).
        relations = obj.relations.all()
        self._current[field.name] = sorted([r.to_method_id, r.kind] for r in relations)


class Deserializer(json.Deserializer):
    def _handle_m2m_field_node(self, field, field_value):
        if field.remote_field.through._meta.auto_created:
            return super()._handle_m2m_field_node(field, field_value)
        return [(pk, kind) for pk, kind in field_value]
