"""How methods relate to each other ("variant of", "uses"), kept both ways, and the queries
that write a method's relations on both sides at once."""

from functools import lru_cache

from django.db import models
from django.db.models.expressions import F
from django.utils.translation import get_language, gettext, override
from django.utils.translation import gettext_lazy as _

from methods.models.method import Method


class RelationQuerySet(models.QuerySet):
    def write(self, kinds: dict[tuple[int, int], str]) -> None:
        """Relate each (method id, other id) pair with its kind from the method's side, and the
        other way with the inverse kind: existing rows get the kind, missing ones are made, in a
        few statements however many pairs."""
        wanted = dict(kinds)
        for (method, other), kind in kinds.items():
            wanted.setdefault((other, method), Relation.inverse(kind))
        ids = {pk for pair in wanted for pk in pair}
        existing = {
            (r.from_method_id, r.to_method_id): r
            for r in self.filter(from_method__in=ids, to_method__in=ids)
        }
        changed = []
        for pair, kind in wanted.items():
            if (row := existing.get(pair)) and row.kind != kind:
                row.kind = kind
                changed.append(row)
        self.bulk_update(changed, ["kind"], batch_size=500)
        self.bulk_create(
            [
                Relation(from_method_id=a, to_method_id=b, kind=k)
                for (a, b), k in wanted.items()
                if (a, b) not in existing
            ],
            batch_size=500,
        )

    def mirror(self, method_id: int, before: dict[int, str]) -> set[int]:
        """After a method's own rows changed (in the admin's form, from `before`), make the
        other sides agree: the inverse kind for each relation, none for one removed. Returns the
        ids of the other methods whose relations changed."""
        after = dict(self.filter(from_method=method_id).values_list("to_method", "kind"))
        gone = set(before) - set(after)
        self.filter(from_method__in=gone, to_method=method_id).delete()
        self.write({(method_id, other): kind for other, kind in after.items()})
        return gone | {other for other, kind in after.items() if before.get(other) != kind}

    def set_for(self, method_id: int, kinds: dict[int, str]) -> set[int]:
        """Make a method's relations exactly these (other id: kind from the method's side), both
        ways. Returns the ids of the other methods whose relations changed."""
        before = dict(self.filter(from_method=method_id).values_list("to_method", "kind"))
        gone = set(before) - set(kinds)
        self.filter(
            models.Q(from_method=method_id, to_method__in=gone)
            | models.Q(from_method__in=gone, to_method=method_id)
        ).delete()
        self.write({(method_id, other): kind for other, kind in kinds.items()})
        return gone | {other for other, kind in kinds.items() if before.get(other) != kind}


class Relation(models.Model):
    """How one method relates to another, said from the first one's side. Every relation is
    kept both ways, the other side with the inverse kind (SimPO is a variant of DPO; DPO has
    the variant SimPO), so a method's relations are read from its own rows alone."""

    class Kind(models.TextChoices):
        # Labels read as headings over the other methods: "Variant of: DPO".
        BUILDS_ON = "builds-on", _("Builds on")
        BASIS_FOR = "basis-for", _("Basis for")
        VARIANT_OF = "variant-of", _("Variant of")
        HAS_VARIANT = "has-variant", _("Has variants")
        ALTERNATIVE_TO = "alternative-to", _("Alternative to")
        USES = "uses", _("Uses")
        USED_BY = "used-by", _("Used by")
        GENERALIZES = "generalizes", _("Generalizes")
        SPECIAL_CASE_OF = "special-case-of", _("Special case of")

    INVERSE = {
        Kind.BUILDS_ON: Kind.BASIS_FOR,
        Kind.VARIANT_OF: Kind.HAS_VARIANT,
        Kind.ALTERNATIVE_TO: Kind.ALTERNATIVE_TO,
        Kind.USES: Kind.USED_BY,
        Kind.GENERALIZES: Kind.SPECIAL_CASE_OF,
    }
    INVERSE |= {inverse: kind for kind, inverse in INVERSE.items()}
    # The order in which related methods are listed, by kind; untyped ones last.
    ORDER = {kind: index for index, kind in enumerate(Kind.values)}
    # "What to compare next" offers these first: they do the same job.
    COMPARABLE = (Kind.ALTERNATIVE_TO, Kind.VARIANT_OF, Kind.HAS_VARIANT)

    from_method = models.ForeignKey(Method, models.CASCADE, related_name="relations")
    to_method = models.ForeignKey(Method, models.CASCADE, related_name="+")
    # Blank only for a relation made before relations had kinds, until an editor types it.
    kind = models.CharField(_("kind of relation"), max_length=20, choices=Kind, blank=True)

    objects = RelationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_method", "to_method"], name="relation_once"),
            models.CheckConstraint(
                condition=~models.Q(from_method=F("to_method")),
                name="relation_not_to_itself",
                violation_error_message=_("A method cannot be related to itself."),
            ),
        ]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")

    def __str__(self) -> str:
        return f"{self.from_method_id} {self.kind} {self.to_method_id}"

    @classmethod
    def inverse(cls, kind: str) -> str:
        return cls.INVERSE.get(kind, "")

    @classmethod
    def label(cls, kind: str) -> str:
        """A kind as a heading ("Variant of"); a relation not typed yet is "Related"."""
        return _labels(get_language())[kind]

    @classmethod
    def grouped(cls, items: list[tuple[str, object]]) -> dict[str, list]:
        """(kind, thing) pairs under the heading of their kind, in the order of the kinds, the
        untyped last: how the method page, the table and the map list related methods. Each
        kind's heading is translated once, however many things it heads."""
        by_kind: dict[str, list] = {}
        for kind, thing in items:
            by_kind.setdefault(kind, []).append(thing)
        last = len(cls.ORDER)
        return {
            cls.label(kind): by_kind[kind]
            for kind in sorted(by_kind, key=lambda kind: cls.ORDER.get(kind, last))
        }


@lru_cache(maxsize=8)
def _labels(language: str) -> dict[str, str]:
    """Every kind's heading in `language`, translated once (a table or a map heads many)."""
    with override(language):
        return {kind: str(label) for kind, label in Relation.Kind.choices} | {
            "": gettext("Related")
        }
