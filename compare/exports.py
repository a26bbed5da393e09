"""What is on screen, as files: the table as CSV or JSON, the original works as BibTeX."""

import csv
import io
import json

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from compare.comparison import Comparison
from methods.models import NAME_FIELDS, Method


def to_csv(comparison: Comparison) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Attribute"), *(m.name for m in comparison.methods), _("Differs")])
    for field in ("acronym", "vietnamese_name"):  # under the names they go with
        label = capfirst(Method._meta.get_field(field).verbose_name)
        writer.writerow([label, *(getattr(m, field) for m in comparison.methods), ""])
    for row in comparison.rows:
        writer.writerow(
            [
                str(row.label),
                *(row.attribute.text(m) for m in comparison.methods),
                _("yes") if row.differs else _("no"),
            ]
        )
    return out.getvalue()


def to_json(comparison: Comparison) -> str:
    data = {
        "methods": [
            {"slug": m.slug, **{field: getattr(m, field) for field in NAME_FIELDS}}
            for m in comparison.methods
        ],
        "rows": [
            {
                "key": row.key,
                "label": str(row.label),
                "differs": row.differs,
                "values": [row.attribute.text(m) for m in comparison.methods],
            }
            for row in comparison.rows
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_bibtex(comparison: Comparison) -> str:
    entries, used = [], set()
    for method in comparison.methods:
        key = base = method.work.bibtex_key()
        suffix = ord("a")
        while key in used:
            key, suffix = f"{base}{chr(suffix)}", suffix + 1
        used.add(key)
        entries.append(method.work.bibtex(key))
    return "\n".join(entries)
