"""The pages a leader opens, on the demo data."""

import re

from django.urls import reverse

from accounts.models import User


def indicator_page(code: str) -> str:
    return reverse("reports:indicator", args=[code])


def card(html: str, code: str) -> str:
    match = re.search(rf'id="ind-{code}".*?(</article>|</tr>)', html, re.S)
    assert match, code
    return match.group(0)


def test_the_demo_viewer_reads_the_2023_plan_of_binh_lieu(client, demo_db):
    """Done-when of issue 3: the demo viewer's dashboard, its 2022 OCOP facts (27 / 16 / 1) and
    the records behind a number."""
    client.force_login(User.objects.get(username="lanhdao"))
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("reports:dashboard")
    selection = response.context["selection"]
    assert (selection.plan.code, selection.year, selection.unit.code) == ("binh-lieu-2023", 2023, "198")
    html = response.content.decode()
    # the tracked row's links: its name, its 2022 value, its 2023 value
    baseline = {code: re.findall(r'<a href="[^"]*">([^<]*)</a>', card(html, code))[1]
                for code in ("ocop_participating", "ocop_3_star", "ocop_4_star")}
    assert baseline == {"ocop_participating": "27", "ocop_3_star": "16", "ocop_4_star": "1"}
    assert len(response.context["targeted"]) == 14
    assert all(r["status"] in ("met", "exceeded", "not_met", "no_data") for r in response.context["targeted"])
    records = client.get(indicator_page("ocop_3_star"), {"plan": "binh-lieu-2023", "year": 2022})
    assert records.context["numerator_page"].paginator.count == 16
