"""Pages that stay light at any scope (issue 11): past COMMUNES_ALL_UP_TO communes, the
by-commune chart and table show the highest and the lowest, the rest a click away."""

import datetime
import re

import pytest
from django.urls import reverse

from accounts.models import Role
from reports.selectors import COMMUNES_EACH, communes_sample
from tests.conftest import make_user
from tests.factories import CollectiveFactory, PlanFactory
from units.models import AdministrativeUnit, UnitLevel, UnitType


def test_up_to_twenty_communes_are_all_shown_in_their_order():
    rows = [(f"c{i}", i % 7) for i in range(20)]
    sample = communes_sample(rows, lambda row: row[1])
    assert sample.rows == rows
    assert (sample.total, sample.hidden, sample.cut) == (20, 0, None)


def test_past_twenty_the_highest_then_the_lowest():
    rows = [(f"c{i:02}", i) for i in range(30)] + [("none", None)]
    sample = communes_sample(rows, lambda row: row[1])
    names = [name for name, _value in sample.rows]
    assert names == [f"c{i:02}" for i in range(29, 19, -1)] + [f"c{i:02}" for i in range(8, -1, -1)] + ["none"]
    assert (sample.total, sample.hidden, sample.cut) == (31, 11, COMMUNES_EACH)


def test_equal_values_keep_the_commune_order():
    rows = [(f"c{i:02}", 1) for i in range(25)]
    sample = communes_sample(rows, lambda row: row[1])
    assert [name for name, _v in sample.rows] == [f"c{i:02}" for i in range(10)] + [f"c{i:02}" for i in range(15, 25)]


@pytest.fixture
def big_province(db):
    """A province of 25 communes: commune i has i HTX active at the end of 2023."""
    province = AdministrativeUnit.objects.create(code="P99", name="Tỉnh Thử", level=UnitLevel.PROVINCE,
                                                 unit_type=UnitType.PROVINCE)
    district = AdministrativeUnit.objects.create(code="P99D1", name="Huyện Thử", level=UnitLevel.DISTRICT,
                                                 unit_type=UnitType.DISTRICT, parent=province)
    for i in range(25):
        commune = AdministrativeUnit.objects.create(code=f"P99C{i:02}", name=f"Xã Số {i:02}",
                                                    level=UnitLevel.COMMUNE, unit_type=UnitType.COMMUNE,
                                                    parent=district)
        for _j in range(i):
            CollectiveFactory(unit=commune, kind="htx", established_on=datetime.date(2020, 1, 1))
    return province


def _communes_table(html: str) -> list[str]:
    section = re.search(r'<section aria-labelledby="commune-h" id="communes">.*?</section>', html, re.S).group(0)
    return re.findall(r"Xã Số (\d\d)</", section.split("<table", 1)[1])


def test_the_indicator_page_shows_ten_highest_and_ten_lowest_communes(client, big_province):
    client.force_login(make_user("admin_p", Role.ADMIN, None))
    url = reverse("reports:indicator", args=["htx_active"])
    html = client.get(url, {"unit": big_province.pk, "year": 2023}).content.decode()
    assert _communes_table(html) == [f"{i:02}" for i in range(24, 14, -1)] + [f"{i:02}" for i in range(9, -1, -1)]
    assert "… 5 xã khác" in html
    assert "10 xã cao nhất và 10 xã thấp nhất trong 25 xã." in html

    # The full table is a click away, in commune order.
    more = re.search(r'id="communes-more" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    full = client.get(url + more).content.decode()
    assert _communes_table(full) == [f"{i:02}" for i in range(25)]


def test_the_dashboard_chart_links_to_every_commune(client, big_province):
    client.force_login(make_user("admin_p", Role.ADMIN, None))
    plan = PlanFactory(code="p99-2023", unit=big_province, baseline_year=2022, target_year=2023)
    html = client.get(reverse("reports:dashboard"), {"plan": plan.code}).content.decode()
    chart = re.search(r'<figure class="card chart-box" id="chart-communes">.*?</figure>', html, re.S).group(0)
    assert len(re.findall(r"<rect ", chart)) == 2 * COMMUNES_EACH
    assert "10 xã nhiều nhất và 10 xã ít nhất; xem đủ 25 xã" in chart
    assert "communes=all" in chart
