"""Small counts suppressed in published tables, so that no person or institution can be singled out.

A cell counting 1 to `SMALL - 1` people is shown as "<5" (primary suppression). Because row and column
totals are published too, a row or column with exactly one suppressed cell would give it away by
subtraction; then the smallest other non-zero cell of that row or column is withheld as well, shown as
"x" (secondary suppression: it is not small, so it must not claim to be), repeated until every row and
column has none or at least two suppressed cells. Totals are cells of the grid like any other (pass the
grid with its margins). Zero is shown: it singles nobody out.

Pure functions on a grid of ints; property-tested (tests/statistics/test_suppression.py)."""

SMALL = 5
PRIMARY = "<5"  # a small count
SECONDARY = "x"  # withheld so that a total does not reveal a small count


def _needs_partner(cells):
    """Indexes of the visible non-zero cells, when exactly one cell of the line is hidden."""
    hidden = [i for i, (value, shown) in enumerate(cells) if not shown]
    if len(hidden) != 1:
        return []
    return [i for i, (value, shown) in enumerate(cells) if shown and value > 0]


def suppress(grid, small=SMALL):
    """`grid`: rows of counts. Returns a same-shaped grid with each count kept or replaced by PRIMARY or
    SECONDARY."""
    shown = [[not (0 < value < small) for value in row] for row in grid]
    columns = len(grid[0]) if grid else 0
    changed = True
    while changed:
        changed = False
        lines = [[(r, c) for c in range(columns)] for r in range(len(grid))]
        lines += [[(r, c) for r in range(len(grid))] for c in range(columns)]
        for line in lines:
            cells = [(grid[r][c], shown[r][c]) for r, c in line]
            partners = _needs_partner(cells)
            if partners:
                r, c = line[min(partners, key=lambda i: (cells[i][0], i))]
                shown[r][c] = False
                changed = True
    return [
        [value if shown[r][c] else (PRIMARY if value < small else SECONDARY) for c, value in enumerate(row)]
        for r, row in enumerate(grid)
    ]


def hidden(cell):
    return isinstance(cell, str)
