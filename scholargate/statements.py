"""Queries compiled once per process, then run with other values.

A page's reads repeat a few shapes (a method by its slug, the relations of these methods) with
other values, and Django compiles a queryset's SQL anew every time: a thousand Python calls or
more per query, most of a page's database work. A `Statement` is a queryset written once with
`slot`s where its values go; its SQL is compiled on first use for each language (the
translated fields are columns per language) and number of values of each list slot, and every
later run only executes it. What comes back is what the queryset would give: its rows with the
fields' converters applied, or its model instances (`select_related` included).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Expression, Field, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler
from django.db.models.sql.constants import GET_ITERATOR_CHUNK_SIZE
from django.utils.translation import get_language


class Slot(Expression):
    """A value, or `count` values for an `__in` lookup, given when a statement runs. Values are
    sent to the database as given: ints and strings, as the columns they are compared with."""

    def __init__(self, name: str, count: int | None = None) -> None:
        super().__init__(output_field=Field())
        self.name, self.count = name, count

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        if self.count is None:
            return "%s", [Parameter(self.name)]
        return ", ".join(["%s"] * self.count), [Parameter(self.name, i) for i in range(self.count)]

    @property
    def identity(self) -> tuple:
        return (Slot, self.name, self.count)


class Parameter:
    """Where one value of a slot goes among a compiled statement's parameters."""

    __slots__ = ("index", "name")

    def __init__(self, name: str, index: int | None = None) -> None:
        self.name, self.index = name, index


@dataclass(frozen=True)
class Compiled:
    compiler: SQLCompiler
    sql: str
    params: tuple
    fetch_mode: Any  # how the instances it makes read what they lack
    order: list[int]  # where each of values_list's names is selected


class Statement:
    """A queryset with slots, compiled once per language and length of each list it is given.

    `build(slot)` returns the queryset; `slot(name)` stands for one value and
    `slot(name, many=True)` for a list (an empty list finds nothing and is answered without a
    query)."""

    def __init__(self, build: Callable[[Callable[..., Slot]], QuerySet]) -> None:
        self.build = build
        self.compiled: dict[tuple, Compiled] = {}

    def rows(self, *, limit: int | None = None, offset: int = 0, **values: Any) -> list[tuple]:
        """The queryset's rows (a values_list queryset's tuples); `limit` rows from `offset`
        when a limit is given."""
        page = (" LIMIT %s OFFSET %s", [limit, offset]) if limit is not None else ("", [])
        if (ran := self._run(values, *page)) is None:
            return []
        compiled, results = ran
        order = compiled.order
        return [tuple(row[i] for i in order) for row in compiled.compiler.results_iter(results)]

    def count(self, **values: Any) -> int:
        """How many rows the queryset has, counted by the database."""
        if (ran := self._run(values, wrap="SELECT COUNT(*) FROM ({}) counted")) is None:
            return 0
        [[(count,)]] = ran[1]  # one chunk of one row
        return count

    def objects(self, **values: Any) -> list:
        """The queryset's model instances, with what it selects related."""
        if (ran := self._run(values)) is None:
            return []
        compiled, results = ran
        compiler, fetch_mode = compiled.compiler, compiled.fetch_mode
        select, info, db = compiler.select, compiler.klass_info, compiler.using
        first, last = info["select_fields"][0], info["select_fields"][-1] + 1
        names = [column[0].target.attname for column in select[first:last]]
        related = get_related_populators(info, select, db, fetch_mode)
        instances = []
        for row in compiler.results_iter(results):
            instance = info["model"].from_db(db, names, row[first:last], fetch_mode=fetch_mode)
            for populator in related:
                populator.populate(row, instance)
            instances.append(instance)
        return instances

    def _run(
        self, values: dict[str, Any], tail: str = "", tail_params=(), wrap: str = "{}"
    ) -> tuple[Compiled, list] | None:
        lengths = {name: len(v) for name, v in values.items() if isinstance(v, list | tuple)}
        if 0 in lengths.values():
            return None
        key = (get_language(), tuple(sorted(lengths.items())))
        if (compiled := self.compiled.get(key)) is None:
            compiled = self.compiled[key] = self._compile(lengths)
        arguments = [
            (values[p.name] if p.index is None else values[p.name][p.index])
            if isinstance(p, Parameter)
            else p
            for p in compiled.params
        ]
        with connections[compiled.compiler.using].cursor() as cursor:
            cursor.execute(wrap.format(compiled.sql) + tail, [*arguments, *tail_params])
            return compiled, list(iter(lambda: cursor.fetchmany(GET_ITERATOR_CHUNK_SIZE), []))

    def _compile(self, lengths: dict[str, int]) -> Compiled:
        queryset = self.build(lambda name, many=False: Slot(name, lengths[name] if many else None))
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()
        # modeltranslation's querysets select a values_list's names in another order, and read
        # a translated field named without its language through a fallback this does not do.
        if getattr(queryset, "translation_fields", None):
            raise ValueError("A statement names translated fields by their language.")
        names = getattr(queryset, "original_fields", None) or queryset._fields or ()
        order = [compiler.annotation_col_map[name] for name in names]
        return Compiled(compiler, sql, tuple(params), queryset._fetch_mode, order)
