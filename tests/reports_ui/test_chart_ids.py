"""Chart ids come from the chart's key: the same page renders the same HTML every time."""

import re

from django.urls import reverse

from reports.charts import Series, bar_chart, chart_id, hbar_chart

ID = re.compile(r'id="([^"]+)"')


def test_the_same_chart_renders_the_same_svg_and_two_keys_differ():
    def draw(key=None):
        return bar_chart("Xếp loại HTX", ["2022"], [Series("Tốt", [3])], key=key)

    assert draw() == draw() and draw("a") == draw("a")
    assert set(ID.findall(draw("a"))).isdisjoint(ID.findall(draw("b")))
    uid = chart_id("communes")
    assert ID.findall(hbar_chart("Theo xã", ["A"], [1], key="communes")) == [f"{uid}-t", f"{uid}-d"]
    assert chart_id("Số HTX") != chart_id("Số HTX mới")


def test_the_dashboard_renders_the_same_html_twice_with_unique_chart_ids(client, viewer, plan, registry):
    client.force_login(viewer)
    first, second = (client.get(reverse("reports:dashboard")).content.decode() for _ in range(2))
    charts = re.findall(r"<svg.*?</svg>", first, re.S)
    assert len(charts) >= 3
    assert charts == re.findall(r"<svg.*?</svg>", second, re.S)
    ids = [i for svg in charts for i in ID.findall(svg)]
    assert len(ids) == len(set(ids))
