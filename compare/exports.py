"""What is on screen, as files: the table as CSV or JSON, the original works as BibTeX."""

import csv
import io
import json

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from compare.comparison import Comparison
from methods.models import NAME_FIELDS, Method

# A spreadsheet reads a cell that begins with one of these as a formula (tab and carriage
# return can shift it so that the next character begins it), and a formula can fetch a link
# or run a command. OWASP's rule: a single quote in front makes the cell text. It holds for
# every cell, headers and names included, with no exception for numbers: no cell of the table
# is a negative number, and a rule with exceptions is one an editor's text can slip through.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel (on Windows, where many of our readers are) reads a CSV file as the system's code page,
# Vietnamese turned to mojibake, unless the file begins with UTF-8's byte-order mark.
BYTE_ORDER_MARK = "\ufeff"


def spreadsheet_text(value) -> str:
    """value as a spreadsheet cell that is shown, never evaluated."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(comparison: Comparison) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    rows = [[_("Attribute"), *(m.name for m in comparison.methods), _("Differs")]]
    for field in ("acronym", "vietnamese_name"):  # under the names they go with
        label = capfirst(Method._meta.get_field(field).verbose_name)
        rows.append([label, *(getattr(m, field) for m in comparison.methods), ""])
    rows += [
        [
            row.label,
            *(row.attribute.text(m) for m in comparison.methods),
            (_("yes") if row.differs else _("no")) if row.counted else "",
        ]
        for row in comparison.rows
    ]
    writer.writerows([spreadsheet_text(cell) for cell in row] for row in rows)
    return BYTE_ORDER_MARK + out.getvalue()


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
