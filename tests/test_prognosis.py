"""The activity prognosis: a least-squares line that leaves out the years the service names."""

import pytest

from tilstand.compute.prognosis import fit
from tilstand.present.sentences import Wording
from tilstand.present.summary import prognosis_method

PANDEMIC = (2020, 2021, 2022)  # the years a service may call not representative (ikke_representative_år)


def test_straight_line_is_continued_two_years():
    points = {2016: 10, 2017: 12, 2018: 14, 2019: 16}
    result = fit(points)
    assert result.projected == pytest.approx({2020: 18, 2021: 20})


def test_excluded_years_do_not_move_the_line():
    # 2020–2022 far off the line: with them left out, the line through the others is exact.
    points = {2016: 10, 2017: 12, 2018: 14, 2019: 16, 2020: 100, 2021: 100, 2022: 100, 2023: 24, 2024: 26}
    result = fit(points, exclude=PANDEMIC)
    assert result.projected == pytest.approx({2025: 28, 2026: 30})
    assert result.used_years == (2016, 2017, 2018, 2019, 2023, 2024)
    assert result.excluded_years == (2020, 2021, 2022)
    method = prognosis_method(result, Wording("nb"))
    assert "2020–2022" in method and "2016–2019 og 2023–2024" in method and "2025–2026" in method


def test_with_the_outliers_kept_the_projection_differs():
    points = {2016: 10, 2017: 12, 2018: 14, 2019: 16, 2020: 100, 2021: 100, 2022: 100, 2023: 24, 2024: 26}
    assert fit(points).projected[2025] != pytest.approx(28)


def test_least_squares_slope_by_hand():
    # x = 0,1,2 → y = 1,2,6: slope = Σ(x−1)(y−3)/Σ(x−1)² = ((−1)(−2)+0+(1)(3))/2 = 2.5, intercept 3−2.5 = 0.5
    result = fit({2000: 1, 2001: 2, 2002: 6}, horizon=1)
    assert result.slope == pytest.approx(2.5)
    assert result.projected[2003] == pytest.approx(0.5 + 2.5 * 3)


def test_a_count_is_never_projected_below_zero():
    result = fit({2020: 30, 2021: 20, 2022: 10}, horizon=3)
    assert result.projected[2024] == 0 and result.projected[2025] == 0


def test_too_few_years_give_no_prognosis():
    assert fit({2023: 5, 2024: 6}) is None
    assert fit({2019: 1, 2020: 2, 2021: 3, 2024: 4}, exclude=PANDEMIC) is None


def test_missing_values_are_left_out_not_taken_as_zero():
    result = fit({2016: 10, 2017: None, 2018: 14, 2019: 16})
    assert result.used_years == (2016, 2018, 2019)
    assert result.projected[2020] > 16
