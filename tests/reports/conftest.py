"""A small hand-built world for the indicator tests (year Y = 2022, baseline B = 2021).

Every expected value in tests/reports/test_indicators.py is computed by hand from the
records below; the comments there repeat the arithmetic. HM = Xã Hoành Mô (06841),
LH = Xã Lục Hồn (06856), both in Bình Liêu district (198); TY = Xã Tiên Yên, outside it.
"""

import datetime as dt
from types import SimpleNamespace

import pytest

from tests.factories import (
    AnnualReportFactory,
    CollectiveFactory,
    ManagementRoleFactory,
    OcopProductFactory,
    OcopRatingFactory,
    PersonFactory,
    TradeEventFactory,
    TrainingCourseFactory,
    UnitStatisticFactory,
)

D = dt.date


def report(collective, year, *, members, workers, revenue, profit, income, classification="unrated", **extra):
    return AnnualReportFactory(collective=collective, year=year, members=members, regular_workers=workers,
                               revenue=revenue, profit=profit, average_monthly_income=income,
                               classification=classification, **extra)


@pytest.fixture
def world(units):
    hm, lh, ty = units["06841"], units["06856"], units["N-TIENYEN"]
    w = SimpleNamespace(units=units, hm=hm, lh=lh, district=units["198"])

    # --- collectives --------------------------------------------------------------------
    w.a = CollectiveFactory(kind="htx", unit=hm, name="HTX A", established_on=D(2018, 3, 1))
    w.b = CollectiveFactory(kind="htx", unit=hm, name="HTX B (lập 31/12/2022)", established_on=D(2022, 12, 31))
    w.c = CollectiveFactory(kind="htx", unit=lh, name="HTX C (giải thể giữa năm)", established_on=D(2015, 1, 1),
                            dissolved_on=D(2022, 6, 15))
    w.d = CollectiveFactory(kind="htx", unit=hm, name="HTX D (lập 2023)", established_on=D(2023, 1, 1))
    w.e = CollectiveFactory(kind="tht", unit=lh, name="THT E", established_on=D(2022, 5, 1))
    w.f = CollectiveFactory(kind="tht", unit=hm, name="THT F (giải thể 31/12)", established_on=D(2010, 1, 1),
                            dissolved_on=D(2022, 12, 31))
    w.i = CollectiveFactory(kind="htx", unit=lh, name="HTX I", established_on=D(2015, 1, 1))
    w.j = CollectiveFactory(kind="htx", unit=hm, name="HTX J (giải thể 31/12)", established_on=D(2016, 1, 1),
                            dissolved_on=D(2022, 12, 31))
    w.h = CollectiveFactory(kind="htx", unit=ty, name="HTX H (ngoài huyện)", established_on=D(2022, 2, 1))

    # --- annual reports: 2022 -------------------------------------------------------------
    report(w.a, 2022, members=12, workers=6, revenue=1200, profit=150, income=5_000_000, classification="fair",
           value_chain=True, high_tech=True)
    report(w.b, 2022, members=7, workers=0, revenue=0, profit=0, income=None)
    report(w.c, 2022, members=8, workers=0, revenue=100, profit=10, income=3_000_000)
    report(w.i, 2022, members=20, workers=10, revenue=2000, profit=-30, income=4_000_000, classification="average")
    report(w.j, 2022, members=9, workers=1, revenue=700, profit=70, income=6_000_000, classification="good")
    report(w.e, 2022, members=5, workers=0, revenue=50, profit=5, income=2_000_000)
    report(w.f, 2022, members=4, workers=0, revenue=40, profit=4, income=None)
    report(w.h, 2022, members=50, workers=50, revenue=99_999, profit=9_999, income=9_000_000, classification="fair",
           value_chain=True, high_tech=True)
    # --- annual reports: 2021 -------------------------------------------------------------
    report(w.a, 2021, members=10, workers=5, revenue=1000, profit=100, income=4_000_000, classification="good")
    report(w.c, 2021, members=8, workers=2, revenue=500, profit=50, income=None, classification="average")
    report(w.i, 2021, members=18, workers=10, revenue=1500, profit=50, income=3_000_000, classification="weak")
    report(w.j, 2021, members=9, workers=1, revenue=600, profit=50, income=5_000_000, classification="good")
    report(w.f, 2021, members=4, workers=0, revenue=30, profit=3, income=2_000_000)
    report(w.h, 2021, members=50, workers=50, revenue=88_888, profit=8_888, income=8_000_000)

    # --- managers (roles held on 31/12/2022?) -------------------------------------------------
    w.p1 = PersonFactory(full_name="P1", education="university")
    ManagementRoleFactory(person=w.p1, collective=w.a, role="director", started_on=D(2019, 1, 1))
    ManagementRoleFactory(person=w.p1, collective=w.i, role="chair", started_on=D(2020, 1, 1))
    w.p2 = PersonFactory(full_name="P2", education="college")
    ManagementRoleFactory(person=w.p2, collective=w.a, role="chair", started_on=D(2019, 1, 1))
    w.p3 = PersonFactory(full_name="P3", education="postgraduate")
    ManagementRoleFactory(person=w.p3, collective=w.i, role="director", started_on=D(2019, 1, 1),
                          ended_on=D(2022, 6, 30))
    w.p4 = PersonFactory(full_name="P4", education="intermediate")
    ManagementRoleFactory(person=w.p4, collective=w.j, role="controller", started_on=D(2016, 1, 1))
    w.p5 = PersonFactory(full_name="P5", education="none")
    ManagementRoleFactory(person=w.p5, collective=w.i, role="chief_accountant", started_on=D(2020, 1, 1),
                          ended_on=D(2022, 12, 31))
    w.p6 = PersonFactory(full_name="P6", education="university", unit=lh)
    ManagementRoleFactory(person=w.p6, collective=w.e, role="group_leader", started_on=D(2022, 5, 1))
    w.p7 = PersonFactory(full_name="P7", education="university")
    ManagementRoleFactory(person=w.p7, collective=w.b, role="director", started_on=D(2022, 12, 31))
    w.p8 = PersonFactory(full_name="P8", education="elementary", unit=ty)
    ManagementRoleFactory(person=w.p8, collective=w.h, role="director", started_on=D(2022, 2, 1))
    w.p9 = PersonFactory(full_name="P9", education="university")
    ManagementRoleFactory(person=w.p9, collective=w.d, role="director", started_on=D(2023, 1, 1))

    # --- training courses --------------------------------------------------------------------
    k1 = TrainingCourseFactory(title="K1", unit=hm, held_on=D(2022, 6, 1), extra_attendees=3)
    k1.attendees.set([w.p1, w.p2])
    k2 = TrainingCourseFactory(title="K2", unit=lh, held_on=D(2022, 11, 30), extra_attendees=0)
    k2.attendees.set([w.p1])
    k3 = TrainingCourseFactory(title="K3", unit=hm, held_on=D(2021, 12, 31), extra_attendees=2)
    k3.attendees.set([w.p2])
    k4 = TrainingCourseFactory(title="K4", unit=ty, held_on=D(2022, 3, 1), extra_attendees=10)
    k4.attendees.set([w.p5])
    TrainingCourseFactory(title="K5", unit=w.district, held_on=D(2022, 8, 1), extra_attendees=4)

    # --- trade events ------------------------------------------------------------------------
    TradeEventFactory(name="T1", held_on=D(2022, 9, 1)).participants.set([w.a, w.e])
    TradeEventFactory(name="T2", held_on=D(2022, 10, 1)).participants.set([w.h])
    TradeEventFactory(name="T3", held_on=D(2022, 5, 1))
    TradeEventFactory(name="T4", held_on=D(2021, 12, 1)).participants.set([w.a])
    TradeEventFactory(name="T5", held_on=D(2022, 12, 31)).participants.set([w.i, w.h])

    # --- OCOP products and ratings -----------------------------------------------------------
    w.o1 = OcopProductFactory(name="O1", producer=w.a, registered_on=D(2019, 1, 1))
    OcopRatingFactory(product=w.o1, stars=3, decided_on=D(2019, 12, 31))  # valid until 31/12/2022
    w.o2 = OcopProductFactory(name="O2", producer=w.i, registered_on=D(2019, 5, 1))
    OcopRatingFactory(product=w.o2, stars=3, decided_on=D(2019, 12, 31), valid_until=D(2022, 12, 30))
    w.o3 = OcopProductFactory(name="O3", producer=None, producer_kind="household", producer_name="Hộ ông Vi",
                              unit=hm, registered_on=D(2021, 1, 1))
    OcopRatingFactory(product=w.o3, stars=3, score=55, decided_on=D(2021, 3, 1))
    OcopRatingFactory(product=w.o3, stars=4, score=75, decided_on=D(2022, 5, 1))
    w.o4 = OcopProductFactory(name="O4", producer=w.a, registered_on=D(2020, 1, 1), withdrawn_on=D(2022, 10, 1))
    OcopRatingFactory(product=w.o4, stars=3, decided_on=D(2021, 1, 1))
    w.o5 = OcopProductFactory(name="O5", producer=w.i, registered_on=D(2022, 12, 31))
    OcopRatingFactory(product=w.o5, stars=5, score=92, decided_on=D(2022, 12, 31))
    w.o6 = OcopProductFactory(name="O6", producer=w.a, registered_on=D(2022, 6, 1))
    OcopRatingFactory(product=w.o6, stars=2, score=40, decided_on=D(2022, 7, 1))
    w.o7 = OcopProductFactory(name="O7", producer=w.h, registered_on=D(2022, 3, 1))
    OcopRatingFactory(product=w.o7, stars=3, decided_on=D(2022, 4, 1))
    w.o8 = OcopProductFactory(name="O8", producer=w.i, registered_on=D(2023, 2, 1))
    w.o9 = OcopProductFactory(name="O9", producer=w.a, registered_on=D(2019, 1, 1))
    OcopRatingFactory(product=w.o9, stars=4, score=75, decided_on=D(2020, 1, 1), revoked=True)

    # --- unit statistics ---------------------------------------------------------------------
    UnitStatisticFactory(unit=w.district, year=2022, collective_sector_product=1_000_000_000,
                         domestic_budget_revenue=100_000_000_000)
    UnitStatisticFactory(unit=hm, year=2022, collective_sector_product=200_000_000,
                         domestic_budget_revenue=10_000_000_000)
    UnitStatisticFactory(unit=lh, year=2022, collective_sector_product=300_000_000,
                         domestic_budget_revenue=30_000_000_000)
    UnitStatisticFactory(unit=hm, year=2023, collective_sector_product=100, domestic_budget_revenue=1000)
    UnitStatisticFactory(unit=lh, year=2023, collective_sector_product=300, domestic_budget_revenue=1000)
    return w
