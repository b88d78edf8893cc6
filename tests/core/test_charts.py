"""Chart labels stay readable on a phone: at least 14 CSS pixels, and never drawn over each other."""

import itertools

from core import charts


def test_chart_labels_are_at_least_14_pixels_on_a_390_pixel_phone():
    # 19 units in a 480-unit chart drawn 358 px wide: 19 x 358 / 480 = 14.2 px.
    assert charts.smallest_label_px() >= 14


def test_category_labels_are_spaced_so_they_do_not_overlap():
    eight = charts.bar_chart(
        title="Fees", categories=[f"2026 Q{i % 4 + 1}" for i in range(8)], series=[("Paid", [1] * 8)], unit="$"
    )
    xs = [x for x, _ in eight.category_labels]
    assert len(xs) < 8  # eight 7-character labels at 19 units do not fit in 392 units: every other one
    assert all(b - a >= charts.label_width() for a, b in itertools.pairwise(xs))
    four = charts.bar_chart(
        title="Fees", categories=["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"], series=[("A", [1] * 4)]
    )
    assert len(four.category_labels) == 4
    assert four.font_size == charts.FONT_SIZE
