"""Server-side SVG bar charts: pure geometry, no ORM, no JavaScript.

Each chart is drawn by templates/includes/bar_chart.html from the geometry
computed here, and always comes with a data table for screen readers (the
same numbers, in the page).
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

# USWDS colours with at least 3:1 contrast against white, told apart by
# pattern-free position and the legend text as well as by colour.
PALETTE = ["#005ea2", "#d83933", "#00a398", "#936f38", "#8168b3", "#1a4480"]
# Drawn narrow and scaled to fit: the page shows it at most CHART_MAX_PX wide (static/css/conduit.css) and,
# on a 390-pixel phone, PHONE_PX wide; FONT_SIZE (in the chart's own units) is then at least 14 CSS pixels.
WIDTH, HEIGHT = 480, 300
LEFT, RIGHT, TOP, BOTTOM = 76, 12, 16, 52
FONT_SIZE = 19
PHONE_PX = 358  # a 390-pixel window less the page's side padding
# Category labels ("2026 Q3") are drawn only where they fit side by side at FONT_SIZE.
LABEL_CHARS = 7


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str


@dataclass
class Chart:
    title: str
    categories: list
    series: list  # [(name, [values...])]
    unit: str = ""
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)  # [(y, label)]
    legend: list = field(default_factory=list)  # [(colour, name)]
    width: int = WIDTH
    height: int = HEIGHT
    plot_bottom: int = HEIGHT - BOTTOM
    plot_left: int = LEFT
    font_size: int = FONT_SIZE
    category_labels: list = field(default_factory=list)  # [(x, label)]

    @property
    def rows(self):
        """The data table: one row per category, one column per series."""
        return [(category, [values[i] for _, values in self.series]) for i, category in enumerate(self.categories)]

    @property
    def is_empty(self):
        return not any(value for _, values in self.series for value in values)


def _nice_max(value):
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _format(value, unit):
    if unit == "$":
        if value >= 1_000_000:
            return f"${value / 1_000_000:.1f}M"
        if value >= 1_000:
            return f"${value / 1_000:.0f}k"
        return f"${value:.0f}"
    return f"{value:g}"


def bar_chart(*, title, categories, series, unit=""):
    """Grouped bars: one group per category, one bar per series."""
    chart = Chart(title=title, categories=list(categories), series=[(n, list(v)) for n, v in series], unit=unit)
    values = [float(v) for _, vals in chart.series for v in vals] or [0]
    top = _nice_max(max(values))
    if unit != "$":
        top = 4 * math.ceil(top / 4)  # whole-number ticks for counts
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    groups = max(len(chart.categories), 1)
    group_w = plot_w / groups
    bar_w = group_w * 0.8 / max(len(chart.series), 1)
    for s, (name, vals) in enumerate(chart.series):
        colour = PALETTE[s % len(PALETTE)]
        chart.legend.append((colour, name))
        for c, value in enumerate(vals):
            h = plot_h * float(value or 0) / top
            x = LEFT + c * group_w + group_w * 0.1 + s * bar_w
            label = f"{name}, {chart.categories[c]}: {_format(float(value or 0), unit)}"
            chart.bars.append(Bar(round(x, 1), round(TOP + plot_h - h, 1), round(bar_w, 1), round(h, 1), colour, label))
    for i in range(5):
        value = top * i / 4
        chart.ticks.append((round(TOP + plot_h - plot_h * i / 4, 1), _format(value, unit)))
    every = max(1, math.ceil(label_width() / group_w))
    chart.category_labels = [
        (round(LEFT + c * group_w + group_w / 2, 1), label)
        for c, label in enumerate(chart.categories)
        if c % every == 0
    ]
    return chart


def label_width(chars=LABEL_CHARS):
    """Room a category label needs, in chart units: about 0.55 em a figure, plus a gap of 0.8 em."""
    return (chars * 0.55 + 0.8) * FONT_SIZE


def smallest_label_px(width_px=PHONE_PX):
    """The labels' size in CSS pixels when the chart is drawn `width_px` wide."""
    return FONT_SIZE * width_px / WIDTH


def quarter_label(day):
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def money(value):
    return Decimal(value or 0).quantize(Decimal("0.01"))
