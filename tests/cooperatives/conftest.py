"""A small Bình Liêu year for the approval tests: one HTX in Hoành Mô with its 2022 report."""

import pytest

from accounts.models import Role
from tests.conftest import make_user
from tests.factories import AnnualReportFactory, CollectiveFactory
from units.binh_lieu import QUANG_NINH


@pytest.fixture
def hoanh_mo(units):
    return units["06841"]


@pytest.fixture
def htx(hoanh_mo):
    return CollectiveFactory(unit=hoanh_mo, name="HTX Giảo cổ lam Hoành Mô")


@pytest.fixture
def report(htx):
    return AnnualReportFactory(collective=htx, year=2022)


@pytest.fixture
def province_officer(units):
    return make_user("officer_qn", Role.OFFICER, units[QUANG_NINH])


@pytest.fixture
def second_officer(district):
    """Another officer of the district: a reviewer who did not submit."""
    return make_user("officer2", Role.OFFICER, district)
