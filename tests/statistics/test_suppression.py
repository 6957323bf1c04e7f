"""Small-count suppression as properties: nothing from 1 to 4 is shown, and no row or column (margins
included) has exactly one hidden cell, so none can be recovered from a total by subtraction."""

from hypothesis import given
from hypothesis import strategies as st

from portal.statistics.suppression import PRIMARY, SECONDARY, hidden, suppress

grids = st.integers(min_value=1, max_value=6).flatmap(
    lambda width: st.lists(st.lists(st.integers(min_value=0, max_value=40), min_size=width, max_size=width),
                           min_size=1, max_size=8)
)


def with_margins(grid):
    extended = [row + [sum(row)] for row in grid]
    return extended + [[sum(row[i] for row in extended) for i in range(len(extended[0]))]]


@given(grids)
def test_no_small_count_is_shown_and_no_line_has_a_single_hidden_cell(grid):
    extended = with_margins(grid)
    published = suppress(extended)
    for row, original in zip(published, extended):
        for cell, value in zip(row, original):
            assert cell == value or (cell == PRIMARY and 0 < value < 5) or (cell == SECONDARY and value >= 5)
            assert hidden(cell) or not 0 < cell < 5
    lines = published + [list(column) for column in zip(*published)]
    for line in lines:
        assert sum(hidden(cell) for cell in line) != 1


@given(grids)
def test_counts_of_five_or_more_stay_when_nothing_is_small(grid):
    big = [[value + 5 if value else 0 for value in row] for row in grid]
    extended = with_margins(big)
    assert suppress(extended) == extended


def test_a_single_small_cell_takes_its_smallest_neighbours_with_it():
    # Row: 3 (small) and 7, total 10; column margins likewise.
    published = suppress(with_margins([[3, 7], [20, 30]]))
    # 3 is small; its row's smallest other cell (7) and its column's (20) are withheld, and so on until no
    # line has a single hidden cell: here the margins stay (10, 50, 23, 37, 60), the four inner cells hide.
    assert published == [["<5", "x", 10], ["x", "x", 50], [23, 37, 60]]
