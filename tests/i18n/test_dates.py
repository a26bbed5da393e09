"""Dates read as Vietnamese writes them inside a sentence."""

import datetime

from django.utils import formats, translation


def test_a_vietnamese_date_has_no_capital_inside_a_sentence():
    day = datetime.datetime(2026, 12, 7, 9, 30)
    with translation.override("vi"):
        assert formats.date_format(day) == "7 tháng 12 năm 2026"
        assert formats.date_format(day, "DATETIME_FORMAT") == "09:30, 7 tháng 12 năm 2026"
    with translation.override("en"):
        assert formats.date_format(day) == "Dec. 7, 2026"
