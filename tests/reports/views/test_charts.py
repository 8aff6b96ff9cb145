"""Server-side SVG charts: accessible, escaped, and honest about missing values."""

from reports.charts import Series, bar_chart, hbar_chart, line_chart, nice_ceiling


def test_it_draws_a_stacked_bar_per_value_with_an_accessible_title():
    svg = bar_chart("Xếp loại <HTX>", ["2022", "2023"], [Series("Tốt", [2, 3]), Series("Khá", [1, None])],
                    stacked=True)
    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert "aria-labelledby" in svg
    assert "<title" in svg
    assert "Xếp loại &lt;HTX&gt;" in svg
    assert "<HTX>" not in svg
    # three bars: the missing value is left out, not drawn as zero
    assert svg.count("<rect x=") - 2 == 3  # minus the two legend swatches
    assert "2023 – Khá" not in svg


def test_line_chart_handles_losses_and_gaps():
    svg = line_chart("Lợi nhuận", ["2021", "2022", "2023"], [Series("Lợi nhuận", [-50, None, 120])])
    assert svg.count("<circle") == 2
    assert "<polyline" not in svg  # the gap breaks the line into single points


def test_horizontal_bars_label_every_commune():
    svg = hbar_chart("HTX theo xã", ["Xã Hoành Mô", "Xã Đồng Tâm"], [3, None])
    assert "Xã Hoành Mô" in svg
    assert "Xã Đồng Tâm" in svg
    assert svg.count("<rect") == 1


def test_nice_ceiling():
    assert [nice_ceiling(v) for v in (0.7, 3, 7, 12, 240)] == [1, 5, 10, 20, 250]


def test_count_axes_stay_on_whole_numbers_and_reach_the_top_value():
    svg = bar_chart("OCOP", ["2022", "2023"], [Series("3 sao", [1, 2])], integer=True)
    assert ">0,5<" not in svg
    assert ">1,5<" not in svg
    svg = line_chart("Doanh thu", ["2022", "2023"], [Series("Doanh thu", [43.5, 48.9])])
    ticks = [float(t) for t in __import__("re").findall(r'class="chart-tick">([\d.]+)</text>', svg)
             if t.replace(".", "").isdigit()]
    assert max(ticks) >= 48.9
