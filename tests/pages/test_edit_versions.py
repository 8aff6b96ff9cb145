"""Every edit page sends the version of the record it opened (core.forms.VersionField):
without it, empty or garbled, the form says so and nothing is saved; a stale one is a
conflict. (Before, a form without `version` overwrote silently, and `abc` on the plan
editor was a 500.)"""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse

from cooperatives.models import Suspension
from tests.factories import (
    AnnualReportFactory,
    CollectiveFactory,
    ManagementRoleFactory,
    MembershipFactory,
    OcopProductFactory,
    OcopRatingFactory,
    PersonFactory,
    PlanFactory,
    TargetFactory,
    TradeEventFactory,
    TrainingCourseFactory,
    UnitStatisticFactory,
)
from tests.pages.test_sheet import row_data, row_url

MISSING = "Thiếu phiên bản (version) của bản ghi bạn đã mở, nên chưa lưu được; hãy tải lại trang rồi sửa lại."
GARBLED = "Phiên bản (version) gửi kèm không hợp lệ, nên chưa lưu được; hãy tải lại trang rồi sửa lại."
STALE = "đã được người khác thay đổi"


def browser_data(*forms) -> dict:
    """What a browser posts for these forms as the page showed them."""
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


def page_data(client, url) -> dict:
    context = client.get(url).context
    formset = context.get("formset")
    return browser_data(context["form"], *([formset.management_form, *formset.forms] if formset else []))


# name → (client fixture, record, URL of its edit page, what the page adds to what it shows)
def collective(units):
    return CollectiveFactory(unit=units["06841"])


EDIT_PAGES = {
    "collective": ("officer_client", collective, lambda c: reverse("cooperatives:collective_edit", args=[c.pk]), {}),
    "annual report": ("officer_client", lambda units: AnnualReportFactory(collective=collective(units)),
                      lambda r: reverse("cooperatives:annual_report_edit", args=[r.pk]), {}),
    "membership": ("officer_client", lambda units: MembershipFactory(collective=collective(units)),
                   lambda m: reverse("cooperatives:membership_edit", args=[m.pk]), {}),
    "management role": ("officer_client", lambda units: ManagementRoleFactory(collective=collective(units)),
                        lambda r: reverse("cooperatives:role_edit", args=[r.pk]), {}),
    "person": ("officer_client", lambda units: PersonFactory(),
               lambda p: reverse("cooperatives:person_edit", args=[p.pk]), {}),
    "training": ("officer_client", lambda units: TrainingCourseFactory(),
                 lambda t: reverse("cooperatives:training_edit", args=[t.pk]), {}),
    "trade event": ("officer_client", lambda units: TradeEventFactory(unit=units["06841"]),
                    lambda e: reverse("cooperatives:event_edit", args=[e.pk]), {}),
    "unit statistic": ("officer_client", lambda units: UnitStatisticFactory(),
                       lambda s: reverse("statistics:statistic_edit", args=[s.pk]), {}),
    "dissolution": ("officer_client", collective, lambda c: reverse("cooperatives:collective_dissolve", args=[c.pk]),
                    {"dissolved_on": "30/06/2023", "dissolution_decision": "7/QĐ-UBND",
                     "dissolution_kind": "voluntary"}),
    "resumption": ("officer_client",
                   lambda units: Suspension.objects.create(collective=collective(units),
                                                           starts_on=datetime.date(2023, 1, 1)),
                   lambda s: reverse("cooperatives:collective_resume", args=[s.collective_id]),
                   {"ends_on": "01/06/2023"}),
    "OCOP product": ("officer_client", lambda units: OcopProductFactory(producer=collective(units)),
                     lambda p: reverse("ocop:product_edit", args=[p.pk]), {}),
    "OCOP rating": ("officer_client",
                    lambda units: OcopRatingFactory(product=OcopProductFactory(producer=collective(units))),
                    lambda r: reverse("ocop:rating_edit", args=[r.pk]), {}),
    "plan": ("admin_client_", lambda units: TargetFactory(plan=PlanFactory(unit=units["198"])).plan,
             lambda p: reverse("reports:plan_edit", args=[p.code]), {}),
}


@pytest.fixture(params=list(EDIT_PAGES))
def edit_page(request, units):
    client_name, make, url_of, added = EDIT_PAGES[request.param]
    record = make(units)
    url = url_of(record)
    client = request.getfixturevalue(client_name)
    return client, record, url, {**page_data(client, url), **added}


def stored_version(record) -> int:
    return type(record).objects.values_list("version", flat=True).get(pk=record.pk)


def test_an_edit_page_saves_only_with_the_version_it_opened(edit_page):
    client, record, url, data = edit_page
    assert data["version"] == str(record.version)
    # Without a usable version the form says so, at the top, and nothing is saved.
    for version, message in ((None, MISSING), ("", MISSING), ("abc", GARBLED), ("-1", GARBLED)):
        sent = {k: v for k, v in data.items() if k != "version"}
        if version is not None:
            sent["version"] = version
        response = client.post(url, sent)
        assert response.status_code == 200, version
        assert response.context["form"].non_field_errors() == [message]
        assert message in response.content.decode()
        assert stored_version(record) == record.version
    # Someone saved meanwhile: the version the page holds is stale, a conflict, and nothing is saved.
    type(record).objects.filter(pk=record.pk).update(version=F("version") + 1)
    response = client.post(url, data)
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert stored_version(record) == record.version + 1
    # With the version stored now, the page saves.
    response = client.post(url, {**data, "version": str(record.version + 1)})
    assert response.status_code == 302, response.context["form"].errors
    assert stored_version(record) == record.version + 2


def test_a_sheet_line_without_its_version_is_not_saved(officer_client, units):
    report = AnnualReportFactory(collective=collective(units), year=2023, members=10)
    data = row_data(report.collective, version=report.version, members="30")
    for version in (None, "", "abc"):
        sent = {k: v for k, v in data.items() if not k.endswith("-version")}
        if version is not None:
            sent[f"r{report.collective_id}-version"] = version
        response = officer_client.post(row_url(report.collective), sent)
        assert response.status_code == 200
        assert stored_version(report) == report.version
    stale = officer_client.post(row_url(report.collective), row_data(report.collective, version=0, members="30"))
    assert "vừa lưu dòng này" in stale.content.decode()
    assert officer_client.post(row_url(report.collective), data).status_code == 302
    report.refresh_from_db()
    assert report.members == 30
