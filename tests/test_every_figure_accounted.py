"""No figure a municipality reported disappears without a trace: every row of its own-figures files
is on the site — in the file of the figure that shows it, with its value or «skjult» — or named in
the appendix with the reason it is not shown (tests/walk.py)."""

from __future__ import annotations

import pytest
from walk import own_rows, unaccounted


@pytest.mark.parametrize("kommunenummer, language", [("9901", "nb"), ("9904", "nn")])
def test_every_reported_figure_is_shown_or_listed_with_its_reason(build_site, kommunenummer, language):
    site = build_site(kommunenummer, "2024")
    assert len(own_rows(kommunenummer, 2024)) > 400  # the walk has the files to walk
    assert unaccounted(site, kommunenummer, 2024, language) == []
