"""The Bình Liêu demonstration data (`manage.py load_demo`): invented, plausible, labelled
"Số liệu minh hoạ" wherever a source is stored.

Deterministic: everything comes from the tables below and `random.Random(SEED)`; no date
depends on the day it runs. Idempotent: each record is matched by a natural key
(registration code, names, collective + year, product + decision number…) and only
created when missing; when every record is there the loader says so after a few count
queries. Everything is written through the services (scoped_create, annual_report_save,
collective_dissolve/suspend/resume, product_create, rating_record, product_withdraw) as the
demo admin — the approval steps as the demo officers who take them — inside one
transaction, so model validation runs and the history names an author.

What it holds: Bình Liêu's units (2022 and the 2025 successors); 31 HTX and 21 THT over the
7 communes of 2022 (one HTX and one THT founded after 1/7/2025 in the new communes N13861
and N10277); annual reports 2021–2023 for every collective active at the end of the year
(a collective dissolved in year Y files no report for Y); Tày, Dao, Sán Chay (Sán Chỉ) and
Kinh members and managers with dated memberships and roles; 5 training courses; 11 trade
events; the district's statistics for 2022 and 2023; 30 OCOP products with 53 rating
decisions (renewals of 2024–2026 keep stars in force today); the plan `binh-lieu-2023`; five demo users;
the official record (APPROVAL_STEPS): 2022 approved up to the province and the plan's 2022
results published, 2023 partly submitted.

OCOP at the end of 2022 (the seed's figures; products of Bình Liêu by producer commune):
- participating (registered ≤ 31/12/2022, not withdrawn by then): p01–p27 = 27. Not counted:
  w01 (withdrawn 31/3/2022), n01 and n02 (registered in 2023). p27 is withdrawn only in 2023.
- 4★ in force: p01 Miến dong Bình Liêu = 1 (3★ of 10/9/2020 and 4★ of 20/12/2021 are both in
  force; the latest wins).
- 3★ in force: p02–p17 = 16 (decisions of 2020, 2021, 2022, each valid 36 months). Not
  counted: p18 (3★ of 20/5/2019 lapsed 20/5/2022), p19 (3★ revoked), p20 and p21 (2★),
  p22–p26 (not rated until 2023), w01 (withdrawn, its 2019 rating lapsed on 2/9/2022).
- End of 2023 (tracked, differs): 28 participating (p27 withdrawn, n01 and n02 joined);
  4★ = 2 (p04 Nước uống tinh khiết upgraded 20/11/2023); 3★ = 18 (p03 renewed; p18, p22,
  p24, p25, n01 rated in 2023; p02 and p05 lapsed 10/9/2023, p04 moved to 4★).

Expected results of the plan `binh-lieu-2023` (scope district 198, baseline 2022, year
2023), computed by hand from indicators.md with plain sums over the demo records (the
test tests/demo/test_dataset.py recomputes these inputs with plain ORM
queries). 7 met, 2 exceeded, 5 not met:

 1. htx_new (≥ 3): HTX founded in 2023 = Nông sản sạch Hoành Mô (15/3), Miến dong Vô Ngại
    (20/6), Dược liệu Đồng Tâm (5/9) = 3 → met.
 2. tht_new (≥ 1): THT founded in 2023 = Dược liệu thôn Khe Tiền (8/5) = 1 → met.
 3. htx_income_growth (0.8–1.0): Σ profit of HTX reports 2023 = 3,746,000,000 over 28
    reports; 2022 = 3,223,000,000 over 26 → 3746/3223 − 1 = 0.162 → below 0.8: not_met.
 4. htx_effective_share (≥ 0.5): HTX active at end of 2023 = 28; their 2023 reports not
    `unrated` = 24 (unrated: the three founded in 2023, and Nấm Đồng Tâm, suspended
    1/3–31/8/2023). Good 4 (Miến dong Húc Động, Mật ong Lục Hồn, Thảo dược Vô Ngại, Tinh dầu
    hồi Bình Liêu) + fair 10 = 14 → 14/24 = 0.583 → met.
 5. htx_average_share (≥ 0.3): average 6 (Giảo cổ lam Hoành Mô, Gạo bao thai Lục Hồn, Môi
    trường Bình Liêu, Nông lâm nghiệp Đồng Tâm, Quế hồi Vô Ngại, Tinh dầu bưởi Lục Hồn)
    → 6/24 = 0.25 → not_met (weak: 4).
 6. htx_value_chain_effective (1–2): 2023 reports good or fair with value_chain = Miến dong
    Húc Động (good), Mật ong Lục Hồn (good), Dầu sở Đồng Văn (fair) = 3 (Gạo bao thai Lục
    Hồn is in a value chain but average) → above 2: exceeded.
 7. members_workers_growth (0.05–0.07): Σ (members + regular_workers) over the reports of
    HTX and THT: 2023 = 1,040 (47 reports), 2022 = 980 (45) → 1040/980 − 1 = 0.0612 → met.
 8. avg_income_growth (0.8–1.0): Σ(income × head count) / Σ head count: 2023 =
    5,011,000,000 / 1,040 = 4,818,269 VND; 2022 = 4,504,700,000 / 980 = 4,596,633 VND →
    0.0482 → not_met.
 9. manager_training_turns (≥ 60): courses of 2023 in the district: 22 + 6, 18 + 4, 12 + 2
    (named + unnamed) = 64 → met.
10. htx_managers_university_share (≥ 0.3): distinct persons holding a role on 31/12/2023
    in the 28 active HTX = 89 (3 per HTX, a separate director in 6 HTX, one controller
    shared by Gạo bao thai and Chè vối Lục Hồn; Khe Vằn's chair-director who left on
    30/6/2023 is not counted). University or postgraduate 24 → 24/89 = 0.270 → not_met.
11. htx_managers_college_share (≥ 0.5): college 14 + intermediate 32 = 46 → 46/89 = 0.517
    → met.
12. htx_revenue_growth (≥ 0.1): Σ revenue of HTX reports 2023 = 48,903,000,000; 2022 =
    43,566,000,000 → 0.1225 → met. (2021 = 35,910,000,000: 2022 is 21 % above it.)
13. collective_gdp_share (≥ 0.01): statistics 2023 of district 198 = 1,615,000,000 /
    182,600,000,000 = 0.00884 → not_met.
14. trade_events (5–6): events held in 2023 with a Bình Liêu participant = 7 → exceeded.

Baseline 2022 values of the same inputs (for the results' "baseline" column): htx_new 1,
tht_new 0, effective 11/25 = 0.44, average 9/25 = 0.36, value chain effective 1, managers
83 (university 23, college/intermediate 41), training turns 45, gdp share 0.00862,
trade events 4; tracked: htx_active 26 (2023: 28), tht_active 19 (2023: 19), htx_dissolved
1 (2023: 1), htx_high_tech 0 (2023: 2).

Demo users (passwords public on purpose, printed by the command): admin / demo-admin-2023
(superuser, no scope), canbo / demo-canbo-2023 (officer, district 198), lanhdao /
demo-lanhdao-2023 (viewer, district 198), canbo_hoanhmo / demo-canbo-hoanhmo-2023
(officer, commune 06841), canbo_tinh / demo-canbo-tinh-2023 (officer, province 22: approves the district).
"""

from __future__ import annotations

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from accounts.models import Role, User
from accounts.services import scoped_create, scoped_update
from cooperatives import approval
from cooperatives.ethnicity import Ethnicity
from cooperatives.models import (
    AnnualReport,
    Collective,
    ManagementRole,
    Membership,
    Person,
    TradeEvent,
    TrainingCourse,
    YearApproval,
)
from cooperatives.services import (
    annual_report_save,
    collective_dissolve,
    collective_resume,
    collective_suspend,
)
from ocop.models import OcopProduct, OcopRating
from ocop.services import product_create, product_withdraw, rating_record
from reports.models import Plan, Publication, Target
from reports.publication import publish
from units.binh_lieu import BINH_LIEU, QUANG_NINH, ensure_binh_lieu_units
from units.models import AdministrativeUnit, UnitStatistic

D = datetime.date
SEED = 20230517  # the seed's date (17/5/2021 resolution, 2023 programme): any fixed number would do
SOURCE = "Số liệu minh hoạ"
PLAN_CODE = "binh-lieu-2023"

# --- Demo users: passwords are public on purpose (printed by the command, in the README). ---
USERS = [
    # username, role, scope code, superuser, password, full name
    ("admin", Role.ADMIN, None, True, "demo-admin-2023", ("Quản trị", "Hệ thống")),
    ("canbo", Role.OFFICER, BINH_LIEU, False, "demo-canbo-2023", ("Cán bộ", "Phòng Kinh tế")),
    ("lanhdao", Role.VIEWER, BINH_LIEU, False, "demo-lanhdao-2023", ("Lãnh đạo", "UBND huyện")),
    ("canbo_hoanhmo", Role.OFFICER, "06841", False, "demo-canbo-hoanhmo-2023", ("Cán bộ", "xã Hoành Mô")),
    ("canbo_tinh", Role.OFFICER, QUANG_NINH, False, "demo-canbo-tinh-2023", ("Cán bộ", "Sở Kế hoạch và Đầu tư")),
]

# --- HTX: key, name, commune, sector, main products, established, 2021 revenue (million VND),
# members and regular workers in 2021, classification 2022 and 2023, value chain 2023,
# high tech 2023. Classes "-" where there is no report; "unrated" where the rules say so.
HTX = [
    ("h01", "Hợp tác xã Miến dong Húc Động", "06859", "industry", "Miến dong, bột dong riềng",
     D(2012, 5, 10), 4800, 35, 22, "good", "good", True, True),
    ("h02", "Hợp tác xã Dịch vụ nông nghiệp Hoành Mô", "06841", "agriculture", "Vật tư nông nghiệp, giống cây trồng",
     D(2010, 8, 20), 1900, 42, 8, "fair", "fair", False, False),
    ("h03", "Hợp tác xã Mật ong Lục Hồn", "06856", "agriculture", "Mật ong, nuôi ong",
     D(2014, 3, 12), 2100, 28, 9, "good", "good", True, False),
    ("h04", "Hợp tác xã Dầu sở Đồng Văn", "06847", "industry", "Dầu sở ép, khô dầu",
     D(2015, 6, 2), 1500, 19, 7, "fair", "fair", True, False),
    ("h05", "Hợp tác xã Thảo dược Vô Ngại", "06853", "agriculture", "Dược liệu, cao dược liệu, trà thảo mộc",
     D(2016, 9, 15), 2600, 24, 12, "fair", "good", False, True),
    ("h06", "Hợp tác xã Chè Đồng Tâm", "06844", "agriculture", "Chè xanh, chè búp khô",
     D(2013, 11, 5), 900, 31, 5, "average", "fair", False, False),
    ("h07", "Hợp tác xã Du lịch cộng đồng Khe Vằn", "06859", "tourism", "Homestay, du lịch thác Khe Vằn",
     D(2019, 4, 18), 1200, 15, 10, "fair", "fair", False, False),
    ("h08", "Hợp tác xã Gạo bao thai Lục Hồn", "06856", "agriculture", "Gạo bao thai",
     D(2017, 7, 21), 800, 38, 4, "average", "average", True, False),
    ("h09", "Hợp tác xã Rượu men lá Đồng Văn", "06847", "industry", "Rượu men lá",
     D(2018, 2, 26), 650, 12, 5, "average", "fair", False, False),
    ("h10", "Hợp tác xã Tinh dầu hồi Bình Liêu", "06838", "industry", "Tinh dầu hồi, hoa hồi khô",
     D(2016, 3, 30), 2300, 22, 11, "good", "good", False, False),
    ("h11", "Hợp tác xã Quế hồi Vô Ngại", "06853", "agriculture", "Quế, hồi",
     D(2011, 10, 12), 1100, 40, 3, "fair", "average", False, False),
    ("h12", "Hợp tác xã Dong riềng Húc Động", "06859", "agriculture", "Củ dong riềng, tinh bột dong",
     D(2014, 12, 3), 950, 33, 4, "average", "fair", False, False),
    ("h13", "Hợp tác xã Nông lâm nghiệp Đồng Tâm", "06844", "agriculture", "Keo, thông, măng khô",
     D(2012, 9, 9), 1300, 27, 6, "weak", "average", False, False),
    ("h14", "Hợp tác xã Vận tải Bình Liêu", "06838", "transport", "Vận tải hành khách, hàng hoá",
     D(2010, 5, 15), 2800, 18, 25, "fair", "fair", False, False),
    ("h15", "Hợp tác xã Môi trường Bình Liêu", "06838", "environment", "Thu gom rác thải, nước sạch",
     D(2015, 1, 20), 1600, 9, 21, "average", "average", False, False),
    ("h16", "Hợp tác xã Thương mại dịch vụ cửa khẩu Hoành Mô", "06841", "trade_services",
     "Kho bãi, dịch vụ thương mại biên giới", D(2017, 10, 10), 3100, 11, 14, "good", "fair", False, False),
    ("h17", "Hợp tác xã Chè vối Lục Hồn", "06856", "agriculture", "Chè vối",
     D(2019, 8, 8), 420, 16, 3, "weak", "weak", False, False),
    ("h18", "Hợp tác xã Giảo cổ lam Hoành Mô", "06841", "agriculture", "Trà giảo cổ lam",
     D(2018, 6, 14), 720, 14, 4, "average", "average", False, False),
    ("h19", "Hợp tác xã Sả Bình Liêu", "06838", "industry", "Tinh dầu sả",
     D(2020, 3, 3), 560, 10, 4, "average", "fair", False, False),
    ("h20", "Hợp tác xã Tinh dầu bưởi Lục Hồn", "06856", "industry", "Tinh dầu bưởi",
     D(2020, 10, 19), 480, 9, 3, "weak", "average", False, False),
    ("h21", "Hợp tác xã Thủ công mỹ nghệ Đồng Văn", "06847", "industry", "Thêu thổ cẩm Dao Thanh Phán",
     D(2016, 5, 25), 380, 21, 2, "weak", "weak", False, False),
    ("h22", "Hợp tác xã Lâm sản Vô Ngại", "06853", "agriculture", "Gỗ keo bóc, lâm sản ngoài gỗ",
     D(2013, 4, 22), 1700, 20, 9, "fair", "fair", False, False),
    ("h23", "Hợp tác xã Chăn nuôi Húc Động", "06859", "agriculture", "Lợn bản, gà đồi",
     D(2018, 11, 30), 700, 13, 3, "average", "weak", False, False),
    # Established mid-2021: unrated for 2021. Suspended March–August 2023: unrated for 2023.
    ("h24", "Hợp tác xã Nấm Đồng Tâm", "06844", "agriculture", "Nấm hương, mộc nhĩ",
     D(2021, 5, 17), 300, 8, 2, "average", "unrated", False, False),
    # Established in 2022: no 2021 report, unrated for 2022; "revenue 2021" is its first (2022) year.
    ("h25", "Hợp tác xã Nông sản Bình Liêu", "06838", "trade_services", "Thu mua, sơ chế nông sản",
     D(2022, 4, 12), 500, 9, 3, "unrated", "weak", False, False),
    # Dissolved: compulsorily in 2022 (no activity for 12 months), voluntarily in 2023.
    ("h26", "Hợp tác xã Xây dựng Bình Liêu", "06838", "industry", "Xây dựng dân dụng",
     D(2011, 3, 14), 600, 10, 6, "weak", "-", False, False),
    ("h27", "Hợp tác xã Chăn nuôi Đồng Văn", "06847", "agriculture", "Chăn nuôi trâu, bò",
     D(2016, 8, 1), 450, 11, 2, "weak", "-", False, False),
    # Established in 2023 (htx_new): unrated for 2023.
    ("h28", "Hợp tác xã Nông sản sạch Hoành Mô", "06841", "agriculture", "Rau, củ sạch",
     D(2023, 3, 15), 350, 6, 2, "-", "unrated", False, False),
    ("h29", "Hợp tác xã Miến dong Vô Ngại", "06853", "industry", "Miến dong",
     D(2023, 6, 20), 420, 7, 3, "-", "unrated", False, False),
    ("h30", "Hợp tác xã Dược liệu Đồng Tâm", "06844", "agriculture", "Ba kích, khôi nhung",
     D(2023, 9, 5), 150, 5, 2, "-", "unrated", False, False),
    # After the 2025 reform, in the new xã Bình Liêu: still inside "Bình Liêu district" scope.
    ("h31", "Hợp tác xã Nông nghiệp xanh Bình Liêu", "N13861", "agriculture", "Rau hữu cơ, dong riềng",
     D(2025, 9, 10), 0, 0, 0, "-", "-", False, False),
]
HTX_DISSOLVED = {
    "h26": (D(2022, 9, 30), "125/QĐ-UBND", "compulsory"),
    "h27": (D(2023, 4, 15), "48/QĐ-UBND", "voluntary"),
}
HTX_SUSPENDED = {"h24": (D(2023, 3, 1), D(2023, 8, 31), "02/TB-HTX", "Thiếu vốn lưu động, tạm dừng sản xuất")}
# Bigger HTX have a director apart from the chair of the board.
SEPARATE_DIRECTOR = {"h01", "h03", "h05", "h10", "h14", "h16"}
# The same controller serves two HTX of Lục Hồn (counted once among managers).
SHARED_CONTROLLER = ("h08", "h17")
# Khe Vằn changed its chair-director on 1/7/2023.
CHANGED_LEADER = ("h07", D(2023, 6, 30))

# --- THT: key, name, commune, main products, established, members 2021, workers 2021, 2021 revenue (million). ---
THT = [
    ("t01", "Tổ hợp tác Miến dong thôn Sú Cáu", "06859", "Miến dong", D(2015, 10, 2), 9, 2, 380),
    ("t02", "Tổ hợp tác Mật ong thôn Nà Ếch", "06856", "Mật ong", D(2017, 3, 20), 7, 0, 160),
    ("t03", "Tổ hợp tác Hồi thôn Khe Mằn", "06853", "Hoa hồi khô", D(2016, 11, 11), 12, 1, 240),
    ("t04", "Tổ hợp tác Chè thôn Pắc Pò", "06844", "Chè xanh", D(2018, 4, 4), 8, 0, 120),
    ("t05", "Tổ hợp tác Dầu sở thôn Nà Phạ", "06847", "Dầu sở", D(2019, 9, 9), 6, 1, 150),
    ("t06", "Tổ hợp tác Rượu men lá thôn Lục Ngù", "06856", "Rượu men lá", D(2020, 1, 15), 5, 0, 90),
    ("t07", "Tổ hợp tác Gạo bao thai thôn Ngàn Chi", "06856", "Gạo bao thai", D(2018, 6, 6), 14, 0, 210),
    ("t08", "Tổ hợp tác Quế thôn Nà Sa", "06853", "Vỏ quế", D(2017, 8, 18), 10, 1, 260),
    ("t09", "Tổ hợp tác Dong riềng thôn Khe Lục", "06859", "Củ dong riềng", D(2016, 2, 22), 11, 0, 180),
    ("t10", "Tổ hợp tác Thêu thổ cẩm thôn Đồng Thắng", "06847", "Thổ cẩm", D(2019, 12, 1), 9, 0, 70),
    ("t11", "Tổ hợp tác Chăn nuôi thôn Bản Chuồng", "06841", "Lợn bản", D(2020, 7, 7), 6, 1, 200),
    ("t12", "Tổ hợp tác Rau sạch khu Bình Công", "06838", "Rau an toàn", D(2021, 3, 3), 7, 0, 95),
    ("t13", "Tổ hợp tác Sả thôn Pò Đón", "06838", "Sả, tinh dầu sả", D(2020, 5, 19), 5, 1, 110),
    ("t14", "Tổ hợp tác Nuôi ong thôn Phai Lầu", "06841", "Mật ong", D(2019, 3, 27), 8, 0, 140),
    ("t15", "Tổ hợp tác Măng thôn Nà Khau", "06844", "Măng khô", D(2018, 10, 10), 7, 0, 85),
    ("t16", "Tổ hợp tác Trồng keo thôn Tình Húc", "06838", "Keo, bạch đàn", D(2014, 9, 5), 15, 2, 420),
    ("t17", "Tổ hợp tác Bánh gio thôn Ngàn Vàng", "06853", "Bánh gio, bánh khảo", D(2021, 11, 20), 6, 0, 60),
    ("t18", "Tổ hợp tác Du lịch thôn Cao Thắng", "06859", "Homestay", D(2020, 9, 30), 6, 2, 130),
    # tht_new of 2023, and a THT that ended in 2023 when its cooperation contract expired.
    ("t19", "Tổ hợp tác Dược liệu thôn Khe Tiền", "06847", "Ba kích, sâm", D(2023, 5, 8), 5, 1, 80),
    ("t20", "Tổ hợp tác Mộc thôn Sông Moóc", "06841", "Đồ mộc", D(2015, 4, 14), 6, 1, 150),
    ("t21", "Tổ hợp tác Mật ong xã Hoành Mô", "N10277", "Mật ong", D(2025, 10, 2), 0, 0, 0),
]
THT_DISSOLVED = {"t20": (D(2023, 2, 28), "03/TB-UBND", "voluntary")}

# --- OCOP products: key, name, group, category, producer (collective key, or (kind, name, commune)),
# registered on, withdrawn on, ratings [(stars, score, decision, issuer, decided on, revoked)].
PROVINCE = "UBND tỉnh Quảng Ninh"
DISTRICT = "UBND huyện Bình Liêu"
R2019 = ("2845/QĐ-UBND", DISTRICT, D(2019, 5, 20))
R2019B = ("4110/QĐ-UBND", DISTRICT, D(2019, 9, 2))
R2020 = ("3328/QĐ-UBND", DISTRICT, D(2020, 9, 10))
R2021 = ("2176/QĐ-UBND", DISTRICT, D(2021, 6, 25))
R2021P = ("4512/QĐ-UBND", PROVINCE, D(2021, 12, 20))
R2022 = ("1893/QĐ-UBND", DISTRICT, D(2022, 7, 14))
R2023 = ("2950/QĐ-UBND", PROVINCE, D(2023, 8, 28))
R2023P = ("4078/QĐ-UBND", PROVINCE, D(2023, 11, 20))
# Renewals after the seed's years, so that "stars in force today" and "lapsing soon" have
# something to show (a rating lapses after 36 months). Fixed dates: the 2024 renewals lapse
# in March 2027, within 180 days of late 2026; none of them touches the 2022/2023 figures.
R2024 = ("1520/QĐ-UBND", PROVINCE, D(2024, 3, 12))
R2025 = ("2210/QĐ-UBND", PROVINCE, D(2025, 6, 18))
R2026 = ("1735/QĐ-UBND", PROVINCE, D(2026, 5, 20))
ENTERPRISE_WATER = ("enterprise", "Công ty TNHH Nước uống Bình Liêu", "06838")
ENTERPRISE_HERB = ("enterprise", "Công ty Cổ phần Nông lâm sản Vô Ngại", "06853")
HOUSEHOLD_HONEY = ("household", "Hộ sản xuất Hoàng Văn Pẳng", "06841")
HOUSEHOLD_CAKE = ("household", "Hộ sản xuất Lương Thị Sìu", "06838")
HOUSEHOLD_MANG = ("household", "Hộ sản xuất Voòng Văn Sáng", "06859")

OCOP = [
    # 4★ in force at end of 2022: the latest of a 3★ (2020) and a 4★ (2021), both in force.
    ("p01", "Miến dong Bình Liêu", "food", "miến dong", "h01", D(2019, 3, 1), None,
     [(3, 66, *R2020, False), (4, 78, *R2021P, False), (4, 80, *R2024, False)]),
    # 3★ in force at end of 2022 (16 products).
    ("p02", "Mật ong Bình Liêu", "food", "mật ong", "h03", D(2019, 3, 1), None, [(3, 62, *R2020, False), (3, 63, *R2024, False)]),
    ("p03", "Dầu sở Bình Liêu", "food", "dầu sở", "h04", D(2019, 3, 1), None,
     [(3, 58, *R2020, False), (3, 63, *R2023, False), (3, 64, *R2026, False)]),
    ("p04", "Nước uống tinh khiết Bình Liêu", "beverages", "nước uống", ENTERPRISE_WATER, D(2020, 2, 10), None,
     [(3, 67, *R2021, False), (4, 76, *R2023P, False), (4, 77, *R2026, False)]),
    ("p05", "Tinh dầu hồi Bình Liêu", "herbs", "tinh dầu hồi", "h10", D(2019, 3, 1), None,
     [(3, 64, *R2020, False), (3, 65, *R2025, False)]),
    ("p06", "Tinh dầu quế Vô Ngại", "herbs", "tinh dầu quế", "h11", D(2020, 2, 10), None, [(3, 55, *R2021, False), (3, 56, *R2024, False)]),
    ("p07", "Chè xanh Đồng Tâm", "beverages", "chè", "h06", D(2020, 2, 10), None, [(3, 57, *R2021, False), (3, 58, *R2024, False)]),
    ("p08", "Trà giảo cổ lam Hoành Mô", "beverages", "trà giảo cổ lam", "h18", D(2020, 2, 10), None,
     [(3, 60, *R2021, False), (3, 61, *R2025, False)]),
    ("p09", "Chè vối Lục Hồn", "beverages", "chè vối", "h17", D(2021, 3, 5), None, [(3, 52, *R2022, False), (3, 54, *R2025, False)]),
    ("p10", "Gạo bao thai Lục Hồn", "food", "gạo bao thai", "h08", D(2020, 2, 10), None, [(3, 59, *R2021, False), (3, 60, *R2025, False)]),
    ("p11", "Rượu men lá Đồng Văn", "beverages", "rượu men lá", "h09", D(2020, 2, 10), None,
     [(3, 56, *R2021, False), (3, 57, *R2024, False)]),
    ("p12", "Tinh dầu sả Bình Liêu", "herbs", "tinh dầu sả", "h19", D(2021, 3, 5), None, [(3, 54, *R2022, False), (3, 55, *R2025, False)]),
    ("p13", "Tinh dầu bưởi Lục Hồn", "herbs", "tinh dầu bưởi", "h20", D(2021, 3, 5), None,
     [(3, 53, *R2022, False), (3, 55, *R2025, False)]),
    ("p14", "Du lịch cộng đồng thác Khe Vằn", "tourism", "du lịch cộng đồng", "h07", D(2021, 3, 5), None,
     [(3, 61, *R2022, False), (4, 72, *R2025, False)]),
    ("p15", "Cao dược liệu Vô Ngại", "herbs", "cao dược liệu", "h05", D(2020, 2, 10), None,
     [(3, 65, *R2021, False), (3, 66, *R2024, False)]),
    ("p16", "Hoa hồi khô Khe Mằn", "herbs", "hoa hồi", "t03", D(2021, 3, 5), None, [(3, 51, *R2022, False), (3, 52, *R2025, False)]),
    ("p17", "Mật ong rừng Hoành Mô", "food", "mật ong", HOUSEHOLD_HONEY, D(2021, 3, 5), None,
     [(3, 55, *R2022, False), (3, 56, *R2025, False)]),
    # Participating without a rating in force at end of 2022.
    ("p18", "Măng khô Đồng Tâm", "food", "măng khô", "h13", D(2019, 3, 1), None,
     [(3, 51, *R2019, False), (3, 54, *R2023, False), (3, 55, *R2026, False)]),  # lapsed 20/5/2022, re-rated in 2023
    ("p19", "Nấm hương Đồng Tâm", "food", "nấm", "h24", D(2021, 6, 1), None,
     [(3, 50, *R2022, True)]),  # the decision was revoked
    ("p20", "Khăn thêu thổ cẩm Dao Thanh Phán", "handicrafts", "thổ cẩm", "h21", D(2020, 2, 10), None,
     [(2, 44, *R2021, False)]),
    ("p21", "Bánh khảo Bình Liêu", "food", "bánh", HOUSEHOLD_CAKE, D(2020, 2, 10), None,
     [(2, 41, *R2021, False)]),
    ("p22", "Gà đồi Húc Động", "food", "gà đồi", "h23", D(2022, 3, 15), None, [(3, 52, *R2023, False), (3, 53, *R2026, False)]),
    ("p23", "Lan rừng Bình Liêu", "ornamental", "lan", ENTERPRISE_HERB, D(2022, 3, 15), None, []),
    ("p24", "Trà thảo mộc an thần Vô Ngại", "herbs", "trà dược liệu", "h05", D(2022, 3, 15), None,
     [(3, 60, *R2023, False), (3, 61, *R2026, False)]),
    ("p25", "Tinh bột dong riềng Húc Động", "food", "bột dong", "h12", D(2022, 3, 15), None,
     [(3, 57, *R2023, False), (3, 58, *R2026, False)]),
    ("p26", "Măng vầu khô Húc Động", "food", "măng khô", HOUSEHOLD_MANG, D(2022, 3, 15), None, []),
    ("p27", "Rượu ngô men lá Lục Ngù", "beverages", "rượu", "t06", D(2021, 3, 5), D(2023, 5, 1), []),
    # Withdrawn before the end of 2022, its 2019 rating lapsed: counted nowhere at end of 2022.
    ("w01", "Miến dong thôn Sú Cáu", "food", "miến dong", "t01", D(2019, 3, 1), D(2022, 3, 31),
     [(3, 50, *R2019B, False)]),
    # Registered in 2023.
    ("n01", "Dầu sở ép lạnh Đồng Văn", "food", "dầu sở", "h04", D(2023, 2, 20), None, [(3, 58, *R2023, False), (3, 59, *R2026, False)]),
    ("n02", "Miến dong Vô Ngại", "food", "miến dong", "h29", D(2023, 7, 10), None, [(3, 57, *R2025, False)]),
]

TRAININGS = [
    # title, held on, organizer, unit code, named attendees, extra (unnamed) attendees
    ("Tập huấn quản trị hợp tác xã theo Luật HTX 2012", D(2022, 4, 20), "Liên minh HTX tỉnh Quảng Ninh",
     BINH_LIEU, 25, 3),
    ("Bồi dưỡng kế toán hợp tác xã", D(2022, 10, 12), "Phòng Kinh tế huyện Bình Liêu", "06838", 17, 0),
    ("Tập huấn chuyển đổi số cho hợp tác xã", D(2023, 4, 18), "Liên minh HTX tỉnh Quảng Ninh", BINH_LIEU, 22, 6),
    ("Bồi dưỡng cán bộ quản lý HTX, tổ hợp tác về xây dựng thương hiệu OCOP", D(2023, 8, 9),
     "Phòng Nông nghiệp và PTNT huyện Bình Liêu", "06859", 18, 4),
    ("Tập huấn Luật Hợp tác xã 2023", D(2023, 11, 22), "Phòng Kinh tế huyện Bình Liêu", "06838", 12, 2),
]

EVENTS = [
    # name, held on, location, kind, number of participants
    ("Hội chợ OCOP Quảng Ninh – Hè 2022", D(2022, 6, 10), "Hạ Long, Quảng Ninh", "ocop_fair", 5),
    ("Hội chợ Thương mại Việt – Trung Móng Cái 2022", D(2022, 8, 25), "Móng Cái, Quảng Ninh", "trade_fair", 3),
    ("Hội nghị kết nối cung cầu nông sản Bình Liêu 2022", D(2022, 10, 5), "Thị trấn Bình Liêu", "conference", 6),
    ("Tuần hàng OCOP Quảng Ninh tại Hà Nội 2022", D(2022, 12, 8), "Hà Nội", "ocop_fair", 4),
    ("Hội chợ Xuân OCOP Quảng Ninh 2023", D(2023, 1, 12), "Hạ Long, Quảng Ninh", "ocop_fair", 5),
    ("Lễ hội Hoa sở Bình Liêu 2023", D(2023, 3, 3), "Thị trấn Bình Liêu", "trade_fair", 8),
    ("Hội chợ OCOP Quảng Ninh – Hè 2023", D(2023, 6, 16), "Hạ Long, Quảng Ninh", "ocop_fair", 6),
    ("Hội nghị kết nối tiêu thụ sản phẩm OCOP với doanh nghiệp 2023", D(2023, 7, 20), "Hạ Long, Quảng Ninh",
     "conference", 4),
    ("Hội chợ Nông nghiệp quốc tế Việt Nam 2023", D(2023, 9, 14), "Cần Thơ", "trade_fair", 2),
    ("Tuần hàng OCOP và đặc sản vùng miền Hà Nội 2023", D(2023, 10, 26), "Hà Nội", "ocop_fair", 3),
    ("Hội chợ Thương mại Việt – Trung Móng Cái 2023", D(2023, 12, 7), "Móng Cái, Quảng Ninh", "trade_fair", 4),
]

STATISTICS = [
    # year, domestic budget revenue, collective sector product (VND)
    (2022, 168_400_000_000, 1_452_000_000),
    (2023, 182_600_000_000, 1_615_000_000),
]

# The official record (cooperatives.approval), step by step: 2022 approved commune by
# commune, then the district by the province (the plan's baseline is official, and
# published); 2023 partly on its way, so the pages show every state: Lục Hồn approved,
# Hoành Mô submitted, Đồng Văn returned with a comment, the others and the district still
# in draft. A commune without an officer of its own is submitted by the admin for it.
# unit code, year, action, username, comment
APPROVAL_STEPS = [
    ("06838", 2022, "submit", "admin", "Thay mặt thị trấn: đủ báo cáo năm của các tổ chức."),
    ("06841", 2022, "submit", "canbo_hoanhmo", "Đủ báo cáo năm 2022 của các HTX, THT trên địa bàn xã."),
    ("06844", 2022, "submit", "admin", ""),
    ("06844", 2022, "return", "canbo", "Doanh thu HTX Nông lâm nghiệp Đồng Tâm cần đối chiếu lại với báo cáo tài chính."),
    ("06844", 2022, "submit", "admin", "Đã đối chiếu, số liệu đúng với báo cáo tài chính."),
    ("06847", 2022, "submit", "admin", ""),
    ("06853", 2022, "submit", "admin", ""),
    ("06856", 2022, "submit", "admin", ""),
    ("06859", 2022, "submit", "admin", ""),
    *[(code, 2022, "approve", "canbo", "") for code in ("06838", "06841", "06844", "06847", "06853", "06856",
                                                         "06859")],
    (BINH_LIEU, 2022, "submit", "canbo", "Số liệu năm 2022 của 7 xã, thị trấn đã duyệt."),
    (BINH_LIEU, 2022, "approve", "canbo_tinh", "Số liệu chính thức năm 2022."),
    ("06856", 2023, "submit", "admin", ""),
    ("06856", 2023, "approve", "canbo", ""),
    ("06841", 2023, "submit", "canbo_hoanhmo", "Đủ báo cáo năm 2023."),
    ("06847", 2023, "submit", "admin", ""),
    ("06847", 2023, "return", "canbo", "HTX Dầu sở Đồng Văn: hãy ghi điểm tự đánh giá kèm xếp loại."),
]
PUBLISHED_YEAR = 2022

PLAN_TITLE = "Chương trình phối hợp phát triển kinh tế tập thể, hợp tác xã huyện Bình Liêu năm 2023"
PLAN_LEGAL_BASIS = (
    "Nghị quyết số 06-NQ/TU ngày 17/5/2021 của Ban Chấp hành Đảng bộ tỉnh Quảng Ninh; Chương trình phối hợp "
    "năm 2023 giữa Liên minh Hợp tác xã tỉnh và UBND huyện Bình Liêu về triển khai thực hiện Nghị quyết số 06."
)
# indicators.md, "The plan this seed describes", in its order.
PLAN_TARGETS = [
    ("htx_new", "at_least", "3", None),
    ("tht_new", "at_least", "1", None),
    ("htx_income_growth", "between", "0.8", "1.0"),
    ("htx_effective_share", "at_least", "0.5", None),
    ("htx_average_share", "at_least", "0.3", None),
    ("htx_value_chain_effective", "between", "1", "2"),
    ("members_workers_growth", "between", "0.05", "0.07"),
    ("avg_income_growth", "between", "0.8", "1.0"),
    ("manager_training_turns", "at_least", "60", None),
    ("htx_managers_university_share", "at_least", "0.3", None),
    ("htx_managers_college_share", "at_least", "0.5", None),
    ("htx_revenue_growth", "at_least", "0.1", None),
    ("collective_gdp_share", "at_least", "0.01", None),
    ("trade_events", "between", "5", "6"),
]

# --- Names (Tày, Dao, Sán Chay of the Sán Chỉ group, Kinh) ---
SURNAMES = {
    "Tày": ["Hoàng", "Nông", "Lương", "Vi", "Lộc", "Hà", "Lăng", "Chu", "Đàm", "Lục"],
    "Dao": ["Triệu", "Bàn", "Lý", "Đặng", "Chìu", "Phùng", "Tằng"],
    "Sán Chay": ["Voòng", "Sằn", "Lìu", "Dìu", "Nình", "Làu", "Tạ"],
    "Kinh": ["Nguyễn", "Trần", "Phạm", "Lê", "Vũ", "Đỗ", "Bùi"],
}
GIVEN = {
    "male": ["Tuấn", "Hải", "Sơn", "Tằng", "Pẳng", "Thắng", "Quang", "Cường", "Dũng", "Hùng", "Kiên", "Lâm",
             "Minh", "Phúc", "Sáng", "Quẩy", "Sinh", "Tài", "Thành", "Vượng", "Khuôn", "Chẳn", "Nhì", "Dụ"],
    "female": ["Hoa", "Lan", "Mai", "Sìu", "Hạnh", "Thu", "Nga", "Chàm", "Mùi", "Liên", "Phượng", "Thảo",
               "Hương", "Vân", "Nhung", "Dung", "Hằng", "Mẩy", "Yến", "Xuân"],
}
MIDDLE = {"male": ["Văn"] * 5 + ["Đức", "Hữu", "Minh", "Quang"], "female": ["Thị"] * 5 + ["Thu", "Ngọc", "Kim"]}
ETHNIC_WEIGHTS = [("Tày", 51), ("Dao", 28), ("Sán Chay", 15), ("Kinh", 6)]
# Stored by their GSO codes (cooperatives.ethnicity); the names above pick surnames.
ETHNIC_CODES = {"Tày": Ethnicity.TAY.value, "Dao": Ethnicity.DAO.value, "Sán Chay": Ethnicity.SAN_CHAY.value,
                "Kinh": Ethnicity.KINH.value}
# Managers of HTX active at the end of 2023 get exactly this mix (see the docstring).
MANAGER_EDUCATION_2023 = (["university"] * 24 + ["college"] * 14 + ["intermediate"] * 32
                          + ["elementary"] * 12 + ["none"] * 7)
OTHER_EDUCATION = ["university"] * 2 + ["college"] * 2 + ["intermediate"] * 5 + ["elementary"] * 6 + ["none"] * 9


# ------------------------------------------------------------------ in-memory dataset


@dataclass
class PersonSpec:
    key: str
    full_name: str
    gender: str
    ethnicity: str
    subgroup: str
    birth_year: int
    commune: str
    education: str = ""


@dataclass
class Dataset:
    collectives: list[dict] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)
    people: dict[str, PersonSpec] = field(default_factory=dict)
    memberships: list[dict] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)
    trainings: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)


class _Names:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def person(self, key: str, commune: str, birth_range=(1960, 1995)) -> PersonSpec:
        rng = self.rng
        ethnicity = rng.choices([e for e, _ in ETHNIC_WEIGHTS], [w for _, w in ETHNIC_WEIGHTS])[0]
        gender = rng.choice(["male", "male", "female"])
        while True:  # names are unique in the demo, so a person's natural key is unambiguous
            middle = rng.choice(MIDDLE[gender])
            name = f"{rng.choice(SURNAMES[ethnicity])} {middle} {rng.choice(GIVEN[gender])}"
            if name not in self.used:
                break
        self.used.add(name)
        return PersonSpec(
            key=key, full_name=name, gender=gender, ethnicity=ethnicity,
            subgroup="Sán Chỉ" if ethnicity == "Sán Chay" else "",
            birth_year=rng.randint(*birth_range), commune=commune,
        )


def _money(millions: float) -> int:
    return int(round(millions)) * 1_000_000


def _score_for(rng: random.Random, klass: str) -> Decimal | None:
    bands = {"good": (80, 92), "fair": (65, 79), "average": (50, 64), "weak": (35, 49)}
    if klass not in bands:
        return None
    return Decimal(rng.randint(*bands[klass]))


def _margin(rng: random.Random, klass: str) -> float:
    return {"good": rng.uniform(0.10, 0.13), "fair": rng.uniform(0.07, 0.09), "average": rng.uniform(0.04, 0.06),
            "weak": rng.uniform(-0.03, 0.02), "unrated": rng.uniform(0.02, 0.05)}.get(klass, 0.03)


def build_dataset() -> Dataset:
    """Everything the demo holds, from the fixed seed alone (no database, no today)."""
    rng = random.Random(SEED)  # noqa: S311 - a fixed seed for a deterministic demo, not a secret
    names = _Names(rng)
    data = Dataset()

    # Collectives and their yearly figures.
    codes: set[str] = set()
    for row in HTX:
        key, name, commune, sector, products, est, rev, mem, wrk, c22, c23, vc, ht = row
        dissolved = HTX_DISSOLVED.get(key)
        code = f"57016{rng.randint(10000, 99999)}"
        while code in codes:
            code = f"57016{rng.randint(10000, 99999)}"
        codes.add(code)
        data.collectives.append({
            "key": key, "kind": "htx", "name": name, "unit": commune, "sector": sector, "main_products": products,
            "established_on": est, "registration_code": code,
            "charter_capital": _money(rng.choice([200, 300, 500, 800, 1000, 1500]) * (2 if rev > 2000 else 1)),
            "dissolved": dissolved, "suspended": HTX_SUSPENDED.get(key),
        })
        _reports(rng, data, key, "htx", est, dissolved, rev, mem, wrk, {2022: c22, 2023: c23}, vc, ht)
    for key, name, commune, products, est, mem, wrk, rev in THT:
        dissolved = THT_DISSOLVED.get(key)
        data.collectives.append({
            "key": key, "kind": "tht", "name": name, "unit": commune, "sector": "agriculture",
            "main_products": products, "established_on": est, "registration_code": None, "charter_capital": 0,
            "dissolved": dissolved, "suspended": None,
        })
        _reports(rng, data, key, "tht", est, dissolved, rev, mem, wrk, {}, False, False)

    by_key = {c["key"]: c for c in data.collectives}

    # People: managers and named members of each collective.
    counted_2023: list[str] = []  # distinct managers of HTX active at end of 2023, in order
    shared_controller = None
    for c in data.collectives:
        key, commune, est = c["key"], c["unit"], c["established_on"]
        ends = c["dissolved"][0] if c["dissolved"] else None
        team: list[tuple[str, list[str], datetime.date, datetime.date | None]] = []
        if c["kind"] == "htx":
            lead = names.person(f"{key}-lead", commune)
            lead_roles = ["chair", "director"] if key not in SEPARATE_DIRECTOR else ["chair"]
            if key == CHANGED_LEADER[0]:
                team.append((lead.key, lead_roles, est, CHANGED_LEADER[1]))
                data.people[lead.key] = lead
                lead = names.person(f"{key}-lead2", commune)
                team.append((lead.key, lead_roles, CHANGED_LEADER[1] + datetime.timedelta(days=1), ends))
            else:
                team.append((lead.key, lead_roles, est, ends))
            data.people[lead.key] = lead
            if key in SEPARATE_DIRECTOR:
                director = names.person(f"{key}-director", commune)
                data.people[director.key] = director
                team.append((director.key, ["director"], est, ends))
            accountant = names.person(f"{key}-accountant", commune)
            data.people[accountant.key] = accountant
            team.append((accountant.key, ["chief_accountant"], est, ends))
            if key in SHARED_CONTROLLER and shared_controller is not None:
                team.append((shared_controller, ["controller"], est, ends))
            else:
                controller = names.person(f"{key}-controller", commune)
                data.people[controller.key] = controller
                team.append((controller.key, ["controller"], est, ends))
                if key in SHARED_CONTROLLER:
                    shared_controller = controller.key
        else:
            leader = names.person(f"{key}-leader", commune)
            data.people[leader.key] = leader
            team.append((leader.key, ["group_leader"], est, ends))
        # The legal representative is the (latest) chair or group leader.
        head = [person_key for person_key, roles, _, _ in team if {"chair", "group_leader"} & set(roles)][-1]
        c["legal_representative"] = data.people[head].full_name
        c["phone"] = f"09{(int(key[1:]) + (0 if c['kind'] == 'htx' else 50)) * 104729 % 100000000:08d}"
        for person_key, roles, starts, stops in team:
            for role in roles:
                data.roles.append({"person": person_key, "collective": key, "role": role,
                                   "started_on": starts, "ended_on": stops})
            data.memberships.append({"person": person_key, "collective": key, "member_type": "official",
                                     "joined_on": starts, "left_on": ends,
                                     "capital_contribution": _money(rng.randint(10, 60)) if c["kind"] == "htx" else 0})
            active_2023 = c["kind"] == "htx" and est.year <= 2023 and (ends is None or ends > D(2023, 12, 31))
            if active_2023 and (stops is None or stops >= D(2023, 12, 31)) and person_key not in counted_2023:
                counted_2023.append(person_key)
        # A few more named members; one of them left in 2022 where the collective is old enough.
        extra = rng.randint(3, 5) if c["kind"] == "htx" else rng.randint(2, 4)
        for n in range(extra):
            member = names.person(f"{key}-member{n}", commune, (1958, 2000))
            data.people[member.key] = member
            joined = est + datetime.timedelta(days=rng.randint(0, 200))
            if (ends and joined > ends) or est.year >= 2025:
                joined = est
            left = D(2022, 6, 30) if n == 0 and est.year <= 2020 and key.endswith(("2", "5", "8")) else ends
            data.memberships.append({
                "person": member.key, "collective": key,
                "member_type": "associate" if c["kind"] == "htx" and n == extra - 1 else "official",
                "joined_on": joined, "left_on": left,
                "capital_contribution": _money(rng.randint(5, 30)) if c["kind"] == "htx" and n < extra - 1 else 0,
            })

    # Education: the counted managers get the exact 2023 mix; everyone else a plausible one.
    mix = list(MANAGER_EDUCATION_2023)
    if len(mix) != len(counted_2023):
        raise ValueError(f"education mix of {len(mix)} for {len(counted_2023)} counted managers")
    rng.shuffle(mix)
    for person_key, education in zip(counted_2023, mix, strict=True):
        data.people[person_key].education = education
    for person in data.people.values():
        if not person.education:
            person.education = rng.choice(OTHER_EDUCATION)

    # Training courses: named attendees among the managers of collectives alive on the day.
    for title, held, organizer, unit, named, extra in TRAININGS:
        pool = sorted({r["person"] for r in data.roles if r["started_on"] <= held
                       and (r["ended_on"] is None or r["ended_on"] >= held)})
        data.trainings.append({"title": title, "held_on": held, "organizer": organizer, "unit": unit,
                               "attendees": rng.sample(pool, named), "extra_attendees": extra})

    # Trade events: participants among collectives active on the day.
    for name, held, location, kind, count in EVENTS:
        pool = [c["key"] for c in data.collectives if c["established_on"] <= held
                and (c["dissolved"] is None or c["dissolved"][0] > held)]
        data.events.append({"name": name, "held_on": held, "location": location, "kind": kind,
                            "participants": sorted(rng.sample(pool, count))})
    if not all(by_key[p] for e in data.events for p in e["participants"]):
        raise ValueError("an event's participant is not in the dataset")
    return data


def _reports(rng, data, key, kind, est, dissolved, rev21, mem21, wrk21, classes, vc23, ht23) -> None:
    """Annual reports 2021–2023 for the years the collective was active at the year's end.

    Revenue grows ~12–28 % into 2022 (the seed: 2022 clearly above 2021) and ~6–18 % into
    2023; a collective's first report is its first (partial) year.
    """
    revenue = head_members = head_workers = income = None
    for year in (2021, 2022, 2023):
        if est.year > year or (dissolved and dissolved[0].year <= year):
            continue
        if revenue is None:  # first report
            revenue, head_members, head_workers = float(rev21), mem21, wrk21
            income = rng.uniform(3.6, 5.2) if kind == "htx" else rng.uniform(2.8, 3.8)
        elif year == 2022:
            revenue *= rng.uniform(1.12, 1.28)
            head_members += rng.randint(0, 2)
            head_workers += rng.randint(0, 2)
            income *= rng.uniform(1.05, 1.12)
        else:
            revenue *= rng.uniform(1.06, 1.18)
            head_members += rng.randint(0, 1)
            head_workers += rng.randint(0, 1)
            income *= rng.uniform(1.03, 1.09)
        klass = classes.get(year, classes.get(2022, "unrated")) if kind == "htx" else "unrated"
        if kind == "htx" and (klass in ("-",) or est.year == year):
            klass = "unrated"
        data.reports.append({
            "collective": key, "year": year, "members": head_members, "regular_workers": head_workers,
            "revenue": _money(revenue), "profit": _money(revenue * _margin(rng, klass)),
            "average_monthly_income": int(round(income * 10)) * 100_000,
            "charter_capital_contributed": None,
            "classification": klass, "classification_score": _score_for(rng, klass),
            "value_chain": bool(vc23) and year == 2023 or (bool(vc23) and year == 2022 and key == "h01"),
            "high_tech": bool(ht23) and year == 2023, "source": SOURCE,
        })


# ------------------------------------------------------------------ writing


class Loader:
    def __init__(self):
        self.created: Counter[str] = Counter()
        self.units: dict[str, AdministrativeUnit] = {}
        self.actor: User | None = None
        self._index: dict[tuple, dict[tuple, int]] = {}

    def _ensure(self, model, lookup: dict, data: dict | None = None, m2m: dict | None = None):
        """The record matching `lookup`, created through the scoped service when missing.

        Existing natural keys are read once per model (one query instead of one per record).
        """
        fields = tuple(sorted(lookup))
        index = self._index.get((model, fields))
        if index is None:
            columns = [model._meta.get_field(name).attname for name in fields]
            index = self._index[(model, fields)] = {
                tuple(row[:-1]): row[-1] for row in model.objects.values_list(*columns, "pk")}
        key = tuple(getattr(lookup[name], "pk", lookup[name]) for name in fields)
        if key in index:
            return model.objects.get(pk=index[key]), False
        instance = scoped_create(model, actor=self.actor, data={**lookup, **(data or {})}, m2m=m2m)
        index[key] = instance.pk
        self.created[model._meta.verbose_name_plural] += 1
        return instance, True

    def users(self) -> dict[str, User]:
        result = {}
        for username, role, scope, superuser, password, (first, last) in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                # Addresses under the reserved .example domain: send_reminders prints them in development.
                user = User(username=username, role=role, scope=self.units.get(scope) if scope else None,
                            is_superuser=superuser, is_staff=superuser, first_name=first, last_name=last,
                            email=f"{username}@coopreg.example")
                user.set_password(password)
                user.full_clean()
                user.save()
                self.created[User._meta.verbose_name_plural] += 1
            result[username] = user
        return result

    def run(self, data: Dataset) -> None:
        self.units = ensure_binh_lieu_units()
        users = self.users()
        self.actor = users["admin"]
        u = self.units

        collectives: dict[str, Collective] = {}
        for c in data.collectives:
            lookup = ({"registration_code": c["registration_code"]} if c["registration_code"]
                      else {"kind": c["kind"], "name": c["name"], "unit": u[c["unit"]]})
            fields = {k: c[k] for k in ("kind", "name", "sector", "main_products", "established_on",
                                        "charter_capital", "legal_representative", "phone")}
            fields["unit"] = u[c["unit"]]
            district = ", huyện Bình Liêu" if u[c["unit"]].parent_id == u[BINH_LIEU].pk else ""
            fields["address"] = f"{u[c['unit']].name}{district}, tỉnh Quảng Ninh"
            collectives[c["key"]], _ = self._ensure(Collective, lookup, fields)

        people: dict[str, Person] = {}
        for p in data.people.values():
            people[p.key], _ = self._ensure(
                Person, {"full_name": p.full_name, "unit": u[p.commune], "birth_year": p.birth_year},
                {"gender": p.gender, "ethnicity": ETHNIC_CODES[p.ethnicity], "ethnic_subgroup": p.subgroup,
                 "education": p.education},
            )
        for m in data.memberships:
            self._ensure(Membership, {"person": people[m["person"]], "collective": collectives[m["collective"]],
                                      "joined_on": m["joined_on"]},
                         {k: m[k] for k in ("member_type", "left_on", "capital_contribution")})
        for r in data.roles:
            self._ensure(ManagementRole, {"person": people[r["person"]], "collective": collectives[r["collective"]],
                                          "role": r["role"], "started_on": r["started_on"]},
                         {"ended_on": r["ended_on"]})

        reported = set(AnnualReport.objects.values_list("collective_id", "year"))
        for r in data.reports:
            collective = collectives[r["collective"]]
            if (collective.pk, r["year"]) not in reported:
                values = {k: v for k, v in r.items() if k not in ("collective", "year")}
                annual_report_save(actor=self.actor, collective=collective, year=r["year"], values=values,
                                   expected_version=None)
                self.created[AnnualReport._meta.verbose_name_plural] += 1

        # Life-cycle events after the figures, as they happened.
        for c in data.collectives:
            collective = collectives[c["key"]]
            if c["suspended"] and not collective.suspensions.exists():
                starts, resumed, decision, reason = c["suspended"]
                collective_suspend(collective, actor=self.actor, starts_on=starts, decision_number=decision,
                                   reason=reason)
                collective_resume(collective, actor=self.actor, resumed_on=resumed, expected_version=None)
            if c["dissolved"] and not collective.dissolved_on:
                day, decision, kind = c["dissolved"]
                collective_dissolve(collective, actor=self.actor, dissolved_on=day, decision=decision, kind=kind,
                                    expected_version=collective.version)

        for t in data.trainings:
            self._ensure(TrainingCourse, {"title": t["title"], "held_on": t["held_on"]},
                         {"organizer": t["organizer"], "unit": u[t["unit"]], "extra_attendees": t["extra_attendees"]},
                         m2m={"attendees": [people[k] for k in t["attendees"]]})
        for e in data.events:
            self._ensure(TradeEvent, {"name": e["name"], "held_on": e["held_on"]},
                         {"location": e["location"], "kind": e["kind"], "unit": u[BINH_LIEU]},
                         m2m={"participants": [collectives[k] for k in e["participants"]]})

        for year, revenue, product in STATISTICS:
            self._ensure(UnitStatistic, {"unit": u[BINH_LIEU], "year": year},
                         {"domestic_budget_revenue": revenue, "collective_sector_product": product,
                          "source": SOURCE, "entered_by": self.actor})

        self.ocop(collectives)
        self.plan()
        self.official_record(users)

    def official_record(self, users: dict[str, User]) -> None:
        """APPROVAL_STEPS through the approval services, then the 2022 results published.
        A unit-year already on record is left as it is (a second run changes nothing)."""
        u = self.units
        on_record = set(YearApproval.objects.values_list("unit_id", "year"))
        started = set()
        for code, year, action, username, comment in APPROVAL_STEPS:
            if (u[code].pk, year) in on_record:
                continue
            approval.TRANSITIONS[action](u[code], year, actor=users[username], expected_version=None, comment=comment)
            started.add((code, year))
        self.created[YearApproval._meta.verbose_name_plural] += len(started)
        plan = Plan.objects.get(code=PLAN_CODE)
        if not Publication.objects.filter(plan=plan, unit=u[BINH_LIEU], year=PUBLISHED_YEAR).exists():
            publish(plan, unit=u[BINH_LIEU], year=PUBLISHED_YEAR, actor=users["canbo"],
                    note="Kết quả năm gốc 2022 theo số liệu đã được tỉnh duyệt.")
            self.created[Publication._meta.verbose_name_plural] += 1

    def ocop(self, collectives: dict[str, Collective]) -> None:
        u = self.units
        decided_already = set(OcopRating.objects.values_list("product_id", "decision_number"))
        for _key, name, group, category, producer, registered, withdrawn, ratings in OCOP:
            if isinstance(producer, tuple):
                kind, producer_name, commune = producer
                lookup = {"name": name, "producer_name": producer_name}
                fields = {"producer_kind": kind, "unit": u[commune]}
            else:
                lookup = {"name": name, "producer": collectives[producer]}
                fields = {"producer_kind": "collective", "unit": collectives[producer].unit}
            product = OcopProduct.objects.filter(**lookup).first()
            if product is None:
                product = product_create(actor=self.actor, data={
                    **lookup, **fields, "group": group, "category": category, "registered_on": registered})
                self.created[OcopProduct._meta.verbose_name_plural] += 1
            for stars, score, decision, issuer, decided, revoked in ratings:
                if (product.pk, decision) in decided_already:
                    continue
                rating = rating_record(product, actor=self.actor, data={
                    "stars": stars, "score": Decimal(score), "decision_number": decision, "issuer": issuer,
                    "decided_on": decided,
                })
                self.created[OcopRating._meta.verbose_name_plural] += 1
                if revoked:
                    scoped_update(rating, actor=self.actor, changes={"revoked": True},
                                  expected_version=rating.version)
            if withdrawn and not product.withdrawn_on:
                product_withdraw(product, actor=self.actor, withdrawn_on=withdrawn, expected_version=product.version)

    def plan(self) -> None:
        plan, _ = self._ensure(Plan, {"code": PLAN_CODE}, {
            "title": PLAN_TITLE, "unit": self.units[BINH_LIEU], "baseline_year": 2022, "target_year": 2023,
            "legal_basis": PLAN_LEGAL_BASIS,
        })
        for position, (indicator, comparator, low, high) in enumerate(PLAN_TARGETS, start=1):
            self._ensure(Target, {"plan": plan, "indicator": indicator}, {
                "comparator": comparator, "low": Decimal(low) if low else None,
                "high": Decimal(high) if high else None, "position": position,
            })


def is_loaded(data: Dataset) -> bool:
    """True when every demo record is already there (a handful of queries)."""
    names = {c["name"] for c in data.collectives}
    product_names = {p[1] for p in OCOP}
    rating_count = sum(len(p[7]) for p in OCOP)
    return (
        User.objects.filter(username__in=[u[0] for u in USERS]).count() == len(USERS)
        and Collective.objects.filter(name__in=names).count() >= len(names)
        and AnnualReport.objects.filter(collective__name__in=names).count() >= len(data.reports)
        and Person.objects.filter(full_name__in={p.full_name for p in data.people.values()}).count()
        >= len(data.people)
        and OcopRating.objects.filter(product__name__in=product_names).count() >= rating_count
        and TradeEvent.objects.filter(name__in=[e["name"] for e in data.events]).count() >= len(data.events)
        and Target.objects.filter(plan__code=PLAN_CODE).count() == len(PLAN_TARGETS)
        and UnitStatistic.objects.filter(unit__code=BINH_LIEU, year__in=[s[0] for s in STATISTICS]).count()
        == len(STATISTICS)
        and YearApproval.objects.filter(unit__code__in={s[0] for s in APPROVAL_STEPS}).count()
        == len({(s[0], s[1]) for s in APPROVAL_STEPS})
        and Publication.objects.filter(plan__code=PLAN_CODE, unit__code=BINH_LIEU, year=PUBLISHED_YEAR).exists()
    )


def load_demo() -> tuple[bool, Counter]:
    """Load the demo; returns (already_loaded, created counts). One transaction: all or nothing."""
    data = build_dataset()
    if is_loaded(data):
        return True, Counter()
    loader = Loader()
    with transaction.atomic():
        loader.run(data)
    return False, loader.created
