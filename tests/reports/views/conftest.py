"""A small hand-built district for the leadership pages (numbers worked out in comments).

Bình Liêu plan `ui-2023` (baseline 2022, target 2023) with four targets:

- htx_new ≥ 3: HTX established in 2023 in the district: C only → 1 → not_met.
- members_workers_growth 5–7 %: Σ(members + workers) of reports, HTX and THT:
  2022: A 10+5 + B 20+5 = 40; 2023: A 12+6 + B 22+9 + C 3+0 = 52 → 52/40 − 1 = 30 % → exceeded.
- htx_effective_share ≥ 50 %: HTX active at end of 2023 with a classified 2023 report:
  A good, B average (C unrated, left out) → 1/2 = 50 % → met.
- trade_events 5–6: no events → 0 → not_met.
"""

import datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from tests.conftest import make_user
from tests.factories import AnnualReportFactory, CollectiveFactory, PlanFactory, TargetFactory


@pytest.fixture
def hoanh_mo(units):
    return units["06841"]


@pytest.fixture
def dong_tam(units):
    return units["06844"]


@pytest.fixture
def plan(district):
    plan = PlanFactory(code="ui-2023", title="Kế hoạch phát triển kinh tế tập thể năm 2023", unit=district,
                       baseline_year=2022, target_year=2023,
                       legal_basis="Nghị quyết 06-NQ/TU ngày 17/5/2021 của Tỉnh ủy Quảng Ninh")
    TargetFactory(plan=plan, indicator="htx_new", comparator="at_least", low=3, position=1)
    TargetFactory(plan=plan, indicator="members_workers_growth", comparator="between",
                  low=Decimal("0.05"), high=Decimal("0.07"), position=2)
    TargetFactory(plan=plan, indicator="htx_effective_share", comparator="at_least", low=Decimal("0.5"), position=3)
    TargetFactory(plan=plan, indicator="trade_events", comparator="between", low=5, high=6, position=4)
    return plan


@pytest.fixture
def registry(hoanh_mo, dong_tam):
    a = CollectiveFactory(name="HTX An Bình", unit=hoanh_mo, established_on=datetime.date(2018, 3, 1))
    b = CollectiveFactory(name="HTX Bắc Sơn", unit=dong_tam, established_on=datetime.date(2018, 3, 1))
    c = CollectiveFactory(name="HTX Cao Lan", unit=hoanh_mo, established_on=datetime.date(2023, 3, 1))
    AnnualReportFactory(collective=a, year=2022, members=10, regular_workers=5)
    AnnualReportFactory(collective=b, year=2022, members=20, regular_workers=5)
    AnnualReportFactory(collective=a, year=2023, members=12, regular_workers=6, classification="good")
    AnnualReportFactory(collective=b, year=2023, members=22, regular_workers=9, classification="average")
    AnnualReportFactory(collective=c, year=2023, members=3, regular_workers=0)
    return {"a": a, "b": b, "c": c}


@pytest.fixture
def commune_viewer(hoanh_mo):
    return make_user("viewer_hm", Role.VIEWER, hoanh_mo)


@pytest.fixture
def role_users(admin_user, officer, viewer):
    return {"admin": admin_user, "officer": officer, "viewer": viewer}
