"""A series of totals against its baseline (pure), and the SVG chart drawn from it."""

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import pytest

from openiop.measures.charts import subscale_range, total_range, trend_svg
from openiop.measures.instruments import get
from openiop.measures.trends import Point, trend

START = dt.date(2026, 9, 7)


def weekly(code: str, totals: Sequence[float]) -> list[Point]:
    return [Point(START + dt.timedelta(weeks=i), total) for i, total in enumerate(totals)]


def test_the_baseline_is_the_first_total() -> None:
    t = trend("phq9", list(reversed(weekly("phq9", [18, 14, 9]))))
    assert t.baseline is not None and (t.baseline.when, t.baseline.total) == (START, 18)
    assert [r.change for r in t.rows] == [None, -4, -9]


# ref §9: PHQ-9 response ≥ 50 % drop, remission < 5, reliable improvement drop ≥ 6 [S109][S110]
@pytest.mark.parametrize(
    ("code", "totals", "response_week", "remission_week", "notes_last"),
    [
        pytest.param("phq9", [18, 12, 9, 4], 2, 3, ("response", "remission", "reliable improvement"), id="phq9-all"),
        pytest.param("phq9", [18, 17, 16], None, None, (), id="phq9-flat"),
        pytest.param("phq9", [8, 14], None, None, ("reliable deterioration",), id="phq9-worse-by-6"),
        pytest.param("phq9", [8, 13], None, None, (), id="phq9-worse-by-5-not-reliable"),
        pytest.param("phq9", [4, 2], 1, None, ("response",), id="remission-needs-a-baseline-at-5-or-more"),
        pytest.param("gad7", [12, 8], None, None, ("reliable improvement",), id="gad7-drop-of-4"),
        pytest.param("gad7", [12, 4], None, 1, ("remission", "reliable improvement"), id="gad7-remission"),
        pytest.param("audit", [20, 5], None, None, (), id="no-change-rules-for-audit"),
    ],
)
def test_each_result_is_compared_with_the_baseline(
    code: str,
    totals: list[int],
    response_week: int | None,
    remission_week: int | None,
    notes_last: tuple[str, ...],
) -> None:
    t = trend(code, weekly(code, totals))

    def week(n: int | None) -> dt.date | None:
        return None if n is None else START + dt.timedelta(weeks=n)

    assert t.response_on == week(response_week)
    assert t.remission_on == week(remission_week)
    assert t.latest is not None and t.latest.notes == notes_last


def test_results_without_a_total_keep_their_subscales_in_column_order() -> None:
    points = [
        Point(START, None, subscales={"use": 6, "risk": 10, "protective": 8}),
        Point(START + dt.timedelta(weeks=1), None, subscales={"protective": 9, "use": 3, "risk": 9}),
    ]
    t = trend("bam", points)
    assert not t.has_totals and t.baseline is None
    assert t.subscale_names == ("use", "risk", "protective")
    assert [values for _, values in t.subscale_table] == [(6, 10, 8), (3, 9, 9)]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("phq9", (0, 27)),
        ("gad7", (0, 21)),
        ("cows", (0, 48)),
        ("ciwa-ar", (0, 67)),
        ("dast10", (0, 10)),
        ("urica", (-2, 14)),
    ],
)
def test_the_chart_spans_the_instruments_whole_range(code: str, expected: tuple[int, int]) -> None:
    assert total_range(get(code)) == expected


def test_bam_subscales_span_their_item_sums() -> None:
    assert [subscale_range(get("bam"), n) for n in ("use", "risk", "protective")] == [(0, 12), (0, 24), (0, 24)]


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    return ["".join(node.itertext()) for node in root.iter("{http://www.w3.org/2000/svg}text")]


def test_the_chart_shades_and_names_the_bands_and_marks_baseline_response_and_remission() -> None:
    svg = trend_svg(trend("phq9", weekly("phq9", [18, 15, 12, 10, 8, 7, 5, 4])))
    texts = _texts(svg)
    for label in ("minimal", "mild", "moderate", "moderately severe", "severe", "Baseline", "Response", "Remission"):
        assert label in texts, label


def test_a_flat_series_has_no_response_or_remission_marks() -> None:
    texts = _texts(trend_svg(trend("gad7", weekly("gad7", [11, 11, 10]))))
    assert "Baseline" in texts and "Response" not in texts and "Remission" not in texts


def test_a_single_result_and_a_subscale_chart_render() -> None:
    assert "Baseline" in _texts(trend_svg(trend("urica", [Point(START, 9.5)])))
    bam = trend("bam", [Point(START, None, subscales={"use": 2, "risk": 8, "protective": 12})])
    assert {"use", "risk", "protective"} <= set(_texts(trend_svg(bam)))


def test_the_same_data_gives_the_same_svg() -> None:
    points = weekly("phq9", [18, 12, 9])
    assert trend_svg(trend("phq9", points)) == trend_svg(trend("phq9", points))
