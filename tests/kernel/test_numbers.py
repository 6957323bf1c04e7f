"""Issue 20 item 3: numbers the code writes into text are written as the active language writes them."""

from decimal import Decimal

import pytest
from django.utils import translation

from portal.core.numbers import decimal


@pytest.mark.parametrize(
    ("value", "places", "indonesian", "english"),
    [
        (Decimal("11.8"), 1, "11,8", "11.8"),
        (Decimal("66.67"), 2, "66,67", "66.67"),
        (Decimal("66.666"), 2, "66,67", "66.67"),
        (Decimal("10.00"), 2, "10", "10"),
        (Decimal("0.50"), 2, "0,50", "0.50"),
        (Decimal("2000.5"), 1, "2000,5", "2000.5"),  # digits not grouped, as in the templates
        (7.25, 2, "7,25", "7.25"),
    ],
)
def test_decimal_follows_the_active_language(value, places, indonesian, english):
    with translation.override("id"):
        assert decimal(value, places) == indonesian
    with translation.override("en"):
        assert decimal(value, places) == english


@pytest.mark.parametrize(("value", "indonesian", "english"), [(14417, "14.417", "14,417"), (120, "120", "120"), (0, "0", "0")])
def test_whole_numbers_are_grouped_as_the_active_language_groups_them(value, indonesian, english):
    from portal.core.numbers import whole

    with translation.override("id"):
        assert whole(value) == indonesian
    with translation.override("en"):
        assert whole(value) == english
