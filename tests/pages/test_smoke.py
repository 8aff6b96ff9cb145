import pytest
from django.urls import reverse

from tests.factories import (
    AnnualReportFactory,
    ManagementRoleFactory,
    MembershipFactory,
    OcopRatingFactory,
    TradeEventFactory,
    TrainingCourseFactory,
    UnitStatisticFactory,
)

LIST_URLS = [
    "cooperatives:collective_list", "cooperatives:person_list", "cooperatives:entry_sheet",
    "cooperatives:training_list", "cooperatives:event_list", "ocop:product_list", "ocop:lapsing",
    "statistics:statistic_list",
]


@pytest.mark.parametrize("name", LIST_URLS)
def test_every_list_page_renders_for_officer_and_viewer(name, officer_client, viewer_client, collective):
    AnnualReportFactory(collective=collective, year=2023)
    OcopRatingFactory(product__producer=collective)
    for client in (officer_client, viewer_client):
        response = client.get(reverse(name))
        assert response.status_code == 200, response.content[:2000]
        export = client.get(reverse(name), {"export": "xlsx"})
        assert export["Content-Type"].startswith("application/vnd.openxml")


def test_every_detail_and_form_page_renders(officer_client, collective):
    report = AnnualReportFactory(collective=collective, year=2023)
    membership = MembershipFactory(collective=collective)
    role = ManagementRoleFactory(collective=collective)
    course = TrainingCourseFactory()
    course.attendees.add(membership.person)
    event = TradeEventFactory(unit=collective.unit)
    event.participants.add(collective)
    rating = OcopRatingFactory(product__producer=collective)
    stat = UnitStatisticFactory()
    urls = [
        reverse("cooperatives:collective_detail", args=[collective.pk]),
        reverse("cooperatives:collective_create"),
        reverse("cooperatives:collective_edit", args=[collective.pk]),
        reverse("cooperatives:collective_suspend", args=[collective.pk]),
        reverse("cooperatives:collective_resume", args=[collective.pk]),
        reverse("cooperatives:collective_dissolve", args=[collective.pk]),
        reverse("cooperatives:annual_report_create", args=[collective.pk]),
        reverse("cooperatives:annual_report_edit", args=[report.pk]),
        reverse("cooperatives:membership_create", args=[collective.pk]),
        reverse("cooperatives:membership_edit", args=[membership.pk]),
        reverse("cooperatives:role_create", args=[collective.pk]),
        reverse("cooperatives:role_edit", args=[role.pk]),
        reverse("cooperatives:person_detail", args=[membership.person.pk]),
        reverse("cooperatives:person_create"),
        reverse("cooperatives:person_edit", args=[membership.person.pk]),
        reverse("cooperatives:training_detail", args=[course.pk]),
        reverse("cooperatives:training_create"),
        reverse("cooperatives:training_edit", args=[course.pk]),
        reverse("cooperatives:event_detail", args=[event.pk]),
        reverse("cooperatives:event_create"),
        reverse("cooperatives:event_edit", args=[event.pk]),
        reverse("ocop:product_detail", args=[rating.product.pk]),
        reverse("ocop:product_create"),
        reverse("ocop:product_edit", args=[rating.product.pk]),
        reverse("ocop:rating_create", args=[rating.product.pk]),
        reverse("ocop:rating_edit", args=[rating.pk]),
        reverse("statistics:statistic_create"),
        reverse("statistics:statistic_edit", args=[stat.pk]),
    ]
    for url in urls:
        response = officer_client.get(url)
        assert response.status_code == 200, (url, response.content[:3000])
