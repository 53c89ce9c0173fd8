import csv
import io

import pytest

from graph import csv_table
from graph.views import csv_cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", '=HYPERLINK("http://e.example","x")'])
def test_text_starting_like_a_formula_gets_a_quote(text):
    assert csv_cell(text) == "'" + text
    [[cell]] = list(csv.reader(io.StringIO(csv_table([], [[text]]).split("\r\n", 1)[1])))
    assert cell == "'" + text


@pytest.mark.parametrize("value", ["Saint-Louis", "", "a=b", -1.78, 0, None, 2001])
def test_other_values_are_left_alone(value):
    assert csv_cell(value) == value
