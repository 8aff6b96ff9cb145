"""Charts as server-side SVG: no CDN, no JavaScript, no Node build (product.md).

Each function takes already aggregated data (categories and one or more series) and
returns a safe SVG string with a <title> and <desc> that screen readers announce, axis
labels, a legend and a <title> tooltip on every bar or point. Values may be None (no
data): the bar or point is left out, never drawn as zero.

The ids inside a chart come from its `key` (default: its title), so the same chart renders
the same HTML every time; charts on one page need different keys.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from hashlib import sha256
from math import floor, log10

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Number = int | float | Decimal | None
Formatter = Callable[[Number], str]

# Colour-blind-friendly palette (Okabe–Ito), then greys.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#7a7f87"]

@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Number]
    color: str | None = None


def _plain(value: Number) -> str:
    return "–" if value is None else f"{value}"


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5, 5 × 10^k at or above `value` (so gridlines fall on round numbers)."""
    if value <= 0:
        return 1.0
    exponent = floor(log10(value))
    for step in (1, 2, 2.5, 5, 10):
        candidate = step * 10**exponent
        if candidate >= value:
            return float(candidate)
    return float(10 ** (exponent + 1))


def _ticks(low: float, high: float, n: int = 4, integer: bool = False) -> list[float]:
    span = nice_ceiling((high - low) / n) if high > low else 1.0
    if integer:  # counts: no gridline at 2,5 products
        span = max(1.0, float(round(span)))
    start = floor(low / span) * span
    ticks, tick = [], start
    while tick <= high + span * 1e-9:
        ticks.append(round(tick, 10))
        tick += span
    # the last gridline must reach the highest value, or the top bar would leave the chart
    while len(ticks) < 2 or ticks[-1] < high - span * 1e-9:
        ticks.append(round(ticks[-1] + span, 10))
    return ticks


def _as_float(value: Number) -> float | None:
    return None if value is None else float(value)


def chart_id(key: str) -> str:
    """An HTML id for a chart's key: its letters and digits, and a short digest so that keys
    differing only in other characters (Vietnamese titles) stay apart."""
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in key.lower()).strip("-")
    return f"chart-{slug[:40]}-{sha256(key.encode()).hexdigest()[:8]}"


def _open(title: str, description: str, width: int, height: int, key: str | None) -> tuple[list[str], str]:
    uid = chart_id(key or title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{uid}-t {uid}-d" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(description)}</desc>',
        f'<text x="{width / 2}" y="18" text-anchor="middle" class="chart-title">{escape(title)}</text>',
    ]
    return parts, uid


def _legend(parts: list[str], series: Sequence[Series], x: float, y: float, width: float) -> None:
    if len(series) < 2:
        return
    cursor = x
    for s in series:
        label = escape(s.label)
        parts.append(f'<rect x="{cursor:.1f}" y="{y - 9}" width="10" height="10" fill="{s.color}"/>')
        parts.append(f'<text x="{cursor + 14:.1f}" y="{y}" class="chart-legend">{label}</text>')
        cursor += 24 + 7 * len(s.label)
        if cursor > x + width:
            break


def _colored(series: Sequence[Series]) -> list[Series]:
    return [Series(s.label, list(s.values), s.color or PALETTE[i % len(PALETTE)]) for i, s in enumerate(series)]


def _describe(categories: Sequence[str], series: Sequence[Series], fmt: Formatter) -> str:
    lines = []
    for s in series:
        pairs = ", ".join(f"{c}: {fmt(v)}" for c, v in zip(categories, s.values, strict=False))
        lines.append(f"{s.label} – {pairs}" if len(series) > 1 or s.label else pairs)
    return "; ".join(lines)


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    stacked: bool = False,
    value_format: Formatter = _plain,
    axis_label: str = "",
    integer: bool = False,
    width: int = 560,
    height: int = 300,
    key: str | None = None,
) -> SafeString:
    """Vertical bars, one group per category; stacked or side by side. `integer` keeps the
    gridlines on whole numbers (counts)."""
    series = _colored(series)
    left, right, top, bottom = 64, 12, 46 if len(series) > 1 else 30, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    if stacked:
        totals = [sum(_as_float(s.values[i]) or 0 for s in series) for i in range(len(categories))]
        highest, lowest = max(totals, default=0), 0.0
    else:
        flat = [float(v) for s in series for v in s.values if v is not None]
        highest, lowest = max(flat, default=0), min([0.0, *flat])
    ticks = _ticks(lowest, nice_ceiling(highest) if highest > 0 else 1.0, integer=integer)
    y_min, y_max = ticks[0], ticks[-1]

    def y(value: float) -> float:
        return top + plot_h - (value - y_min) / (y_max - y_min) * plot_h

    parts, _ = _open(title, _describe(categories, series, value_format), width, height, key)
    _legend(parts, series, left, 36, plot_w)
    for tick in ticks:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" class="chart-grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" class="chart-tick">'
                     f"{escape(value_format(tick))}</text>")
    if axis_label:
        parts.append(f'<text x="12" y="{top + plot_h / 2}" transform="rotate(-90 12 {top + plot_h / 2})" '
                     f'text-anchor="middle" class="chart-axis">{escape(axis_label)}</text>')
    group_w = plot_w / max(len(categories), 1)
    bar_w = group_w * 0.7 / (1 if stacked else max(len(series), 1))
    for i, category in enumerate(categories):
        gx = left + i * group_w + group_w * 0.15
        base = 0.0
        for j, s in enumerate(series):
            value = _as_float(s.values[i]) if i < len(s.values) else None
            if value is None:
                continue
            if stacked:
                y0, y1, x = y(base), y(base + value), gx
                base += value
            else:
                y0, y1, x = y(0), y(value), gx + j * bar_w
            top_y, h = min(y0, y1), abs(y0 - y1)
            parts.append(
                f'<rect x="{x:.1f}" y="{top_y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{s.color}">'
                f"<title>{escape(category)} – {escape(s.label)}: {escape(value_format(s.values[i]))}</title></rect>"
            )
            if not stacked and len(series) == 1:
                parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top_y - 3:.1f}" text-anchor="middle" '
                             f'class="chart-value">{escape(value_format(s.values[i]))}</text>')
        parts.append(f'<text x="{left + i * group_w + group_w / 2:.1f}" y="{height - bottom + 16}" '
                     f'text-anchor="middle" class="chart-tick">{escape(category)}</text>')
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(0):.1f}" y2="{y(0):.1f}" class="chart-axisline"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text node above is escaped


def line_chart(
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    value_format: Formatter = _plain,
    axis_label: str = "",
    width: int = 560,
    height: int = 300,
    key: str | None = None,
) -> SafeString:
    """Lines with points, one per series; a None value breaks the line."""
    series = _colored(series)
    left, right, top, bottom = 78, 16, 46 if len(series) > 1 else 30, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    flat = [float(v) for s in series for v in s.values if v is not None]
    highest, lowest = max([0.0, *flat]), min([0.0, *flat])
    ticks = _ticks(-nice_ceiling(-lowest) if lowest < 0 else 0.0, nice_ceiling(highest) if highest > 0 else 1.0)
    y_min, y_max = ticks[0], ticks[-1]

    def y(value: float) -> float:
        return top + plot_h - (value - y_min) / (y_max - y_min) * plot_h

    step = plot_w / max(len(categories) - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if len(categories) > 1 else plot_w / 2)

    parts, _ = _open(title, _describe(categories, series, value_format), width, height, key)
    _legend(parts, series, left, 36, plot_w)
    for tick in ticks:
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" class="chart-grid"/>')
        parts.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" class="chart-tick">'
                     f"{escape(value_format(tick))}</text>")
    if axis_label:
        parts.append(f'<text x="12" y="{top + plot_h / 2}" transform="rotate(-90 12 {top + plot_h / 2})" '
                     f'text-anchor="middle" class="chart-axis">{escape(axis_label)}</text>')
    for i, category in enumerate(categories):
        parts.append(f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" class="chart-tick">'
                     f"{escape(category)}</text>")
    parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y(0):.1f}" y2="{y(0):.1f}" class="chart-axisline"/>')
    for s in series:
        segment: list[str] = []
        segments: list[list[str]] = [segment]
        for i, value in enumerate(s.values):
            v = _as_float(value)
            if v is None:
                segment = []
                segments.append(segment)
                continue
            segment.append(f"{x(i):.1f},{y(v):.1f}")
        for seg in segments:
            if len(seg) > 1:
                parts.append(f'<polyline points="{" ".join(seg)}" fill="none" stroke="{s.color}" stroke-width="2.5"/>')
        for i, value in enumerate(s.values):
            v = _as_float(value)
            if v is None:
                continue
            parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="4" fill="{s.color}">'
                         f"<title>{escape(categories[i])} – {escape(s.label)}: {escape(value_format(value))}</title>"
                         f"</circle>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text node above is escaped


def hbar_chart(
    title: str,
    labels: Sequence[str],
    values: Sequence[Number],
    *,
    value_format: Formatter = _plain,
    color: str = PALETTE[0],
    width: int = 560,
    key: str | None = None,
    break_after: int | None = None,
) -> SafeString:
    """Horizontal bars, one per label: communes side by side with long names readable.
    `break_after`: a gap marked "…" after that many bars (the highest communes, then the
    lowest, the ones between left out)."""
    row_h, left, right, top = 24, 170, 70, 30
    gap = row_h if break_after else 0
    height = top + row_h * max(len(labels), 1) + gap + 10
    plot_w = width - left - right
    flat = [float(v) for v in values if v is not None]
    lowest = min([0.0, *flat])
    highest = max([0.0, *flat])
    span = (highest - lowest) or 1.0

    def x(value: float) -> float:
        return left + (value - lowest) / span * plot_w

    description = ", ".join(f"{label}: {value_format(v)}" for label, v in zip(labels, values, strict=False))
    parts, _ = _open(title, description, width, height, key)
    for i, (label, value) in enumerate(zip(labels, values, strict=False)):
        cy = top + i * row_h + (gap if break_after and i >= break_after else 0)
        if break_after and i == break_after:
            parts.append(f'<text x="{left - 6}" y="{cy - gap / 2 + 4:.1f}" text-anchor="end" class="chart-tick">…</text>')
        short = label if len(label) <= 26 else label[:25] + "…"
        parts.append(f'<text x="{left - 6}" y="{cy + row_h / 2 + 4:.1f}" text-anchor="end" class="chart-tick">'
                     f"<title>{escape(label)}</title>{escape(short)}</text>")
        v = _as_float(value)
        if v is None:
            parts.append(f'<text x="{left + 4}" y="{cy + row_h / 2 + 4:.1f}" class="chart-value muted">'
                         f"{escape(value_format(None))}</text>")
            continue
        x0, x1 = x(min(0.0, v)), x(max(0.0, v))
        parts.append(f'<rect x="{x0:.1f}" y="{cy + 4}" width="{max(x1 - x0, 1):.1f}" height="{row_h - 8}" '
                     f'fill="{color}"><title>{escape(label)}: {escape(value_format(value))}</title></rect>')
        parts.append(f'<text x="{x1 + 4:.1f}" y="{cy + row_h / 2 + 4:.1f}" class="chart-value">'
                     f"{escape(value_format(value))}</text>")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text node above is escaped
