"""A synthetic country for measuring (`manage.py generate_dataset`): invented units,
collectives, people, yearly figures, OCOP products, training and trade events, shaped
like the register of docs/domain.md §6 at the sizes of a district, a province or the
whole country.

Deterministic: everything comes from `random.Random(seed)` drawn in a fixed order, and
no value depends on the day it runs (dates stop at 31/12/2025, timestamps are fixed), so
the same preset and seed give the same rows, ids included (`build(...).digest()`).

Valid by construction: every row satisfies the models' CheckConstraints (the database
enforces them while loading) and their clean() rules — collectives in communes, THT
without a registration code, reports only in the years a collective lived, classes only
for HTX that operated the whole year and matching their score (Circular 01/2020 bands),
memberships and roles inside the collective's life and never overlapping, OCOP ratings
after the product joined, valid 36 months. Registration codes are ASCII digits (their
normal form), no text holds a control character.

Shape: provinces → districts → communes; in about half of the districts two or three
communes merged on 1/7/2025 into a new one (valid_until 30/6/2025, valid_from 1/7/2025,
whole successions), collectives founded after the merger sit in the new communes, older
ones keep their commune (scopes follow the succession). HTX, THT and unions
(cooperatives.models.CollectiveKind) with annual reports 2019–2025 (about 8 % missing, a
few tenfold typos for the data-quality check); people as members (one membership each)
and as managers (chair or group leader, plus directors, controllers, chief accountants,
deputies); OCOP products (most made by a collective) with their rating decisions and
renewals; training courses with named attendees of their province; trade events with
participants; unit statistics of every commune, district and province (the larger ones
the sums of their communes); one plan per province and one for the whole country with
the targets of the demo plan binh-lieu-2023 (demo.dataset.PLAN_TARGETS).

No history rows: a synthetic register was never edited; history starts with the first
change made through the application. No users: the benchmark makes its own.

Loading (`load`): into empty tables, with explicit ids, parents before children, in one
transaction. PostgreSQL: COPY FROM STDIN per table through psycopg2's copy_expert, the CSV
formatted in memory piece by piece while the server parses the previous piece, every
constraint left in place (foreign keys checked as rows arrive) and each plain index built
again after its table's rows (`_copy_then_index`), then the sequences set past the ids and
the tables analysed. Other databases: executemany.

Rows are tuples in the order of a table's `columns`; every other concrete field of the
model gets its default (a nullable one None, a timestamp the fixed stamp), and a model
with `search_fields` gets its `search_text` folded as save() would. So a field added to a
model later (nullable, or with a default) does not break the generator; a required one
without a default stops it with its name.
"""

from __future__ import annotations

import csv
import datetime
import gc
import hashlib
import io
import itertools
import math
import operator
import random
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction

from cooperatives.ethnicity import Ethnicity
from cooperatives.models import (
    AnnualReport,
    Classification,
    Collective,
    CollectiveKind,
    DissolutionKind,
    Education,
    ManagementRole,
    Membership,
    MemberType,
    Person,
    PersonKind,
    RoleKind,
    Sector,
    Suspension,
    TradeEvent,
    TradeEventKind,
    TrainingCourse,
)
from core.cache import note_write
from core.models import search_text_of
from core.text import fold
from core.validation import add_months
from demo.dataset import PLAN_TARGETS
from ocop.models import OcopProduct, OcopRating, ProducerKind, ProductGroup
from reports.models import Plan, Target
from units.models import AdministrativeUnit, UnitLevel, UnitStatistic, UnitSuccession, UnitType

FIRST_YEAR, LAST_YEAR = 2019, 2025
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
END = datetime.date(LAST_YEAR, 12, 31)
LAST_OLD_DAY, MERGED_ON = datetime.date(2025, 6, 30), datetime.date(2025, 7, 1)
STAMP = datetime.datetime(2025, 12, 31, 17, 0, tzinfo=datetime.UTC)
SOURCE = "Số liệu mô phỏng (generate_dataset)"
# The groups a synthetic person who is not Kinh is drawn from (GSO codes; the old demo list).
ETHNICITIES = [Ethnicity.TAY.value, Ethnicity.DAO.value, Ethnicity.SAN_CHAY.value, Ethnicity.KINH.value,
               Ethnicity.HOA.value, Ethnicity.NUNG.value, Ethnicity.SAN_DIU.value, Ethnicity.THAI.value,
               Ethnicity.MUONG.value]
CODE_PREFIX = "X"  # unit codes "X01", "X01D02", "X01D02C003": never a GSO code of the demo


@dataclass(frozen=True)
class Preset:
    provinces: int
    districts: int  # in all
    communes: int  # in all, the 2025 successors included
    htx: int
    tht: int
    unions: int
    people: int  # each a member of one collective; managers among them
    management_roles: int  # at least one chair (HTX, union) or group leader (THT) each
    ocop_products: int
    courses: int
    events: int


PRESETS = {
    "district": Preset(provinces=1, districts=1, communes=12, htx=60, tht=110, unions=1, people=1_500,
                       management_roles=260, ocop_products=30, courses=40, events=12),
    "province": Preset(provinces=1, districts=12, communes=110, htx=1_000, tht=1_900, unions=5, people=56_000,
                       management_roles=4_000, ocop_products=480, courses=600, events=150),
    # Measured in issue 11: 34 provinces, 3,254 communes (3,706 units), 33,000 HTX, 64,000 THT,
    # 1.9 M people, 133,000 management roles, 16,000 OCOP products, 20,000 courses, 5,000 events.
    "country": Preset(provinces=34, districts=418, communes=3_254, htx=33_000, tht=64_000, unions=150,
                      people=1_900_000, management_roles=133_000, ocop_products=16_000, courses=20_000,
                      events=5_000),
}

# The 34 provinces and cities of 12/6/2025 (the first six are cities).
PROVINCE_NAMES = [
    "Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ", "Lai Châu", "Điện Biên", "Sơn La",
    "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai",
    "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình", "Quảng Trị", "Quảng Ngãi", "Gia Lai",
    "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]
CITIES = 6
SYLLABLES = [
    "An", "Bình", "Hòa", "Phú", "Tân", "Thạnh", "Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Long", "Phước",
    "Hưng", "Mỹ", "Lộc", "Thuận", "Vĩnh", "Quang", "Minh", "Hợp", "Thành", "Trung", "Kim", "Sơn", "Hải", "Lâm",
    "Xuân", "Đức", "Yên", "Châu", "Phong", "Tiến", "Hiệp", "Khánh", "Lạc", "Nghĩa", "Thái", "Cát",
]
SURNAMES = (["Nguyễn"] * 38 + ["Trần"] * 11 + ["Lê"] * 9 + ["Phạm"] * 7 + ["Hoàng"] * 5 + ["Huỳnh"] * 4
            + ["Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Nông", "Triệu", "Lương", "Hà"] * 2)
MIDDLE = {"male": ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công"], "female": ["Thị", "Ngọc", "Thu", "Thanh", "Kim"]}
GIVEN = {
    "male": ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khánh", "Long", "Minh", "Nam", "Phong",
             "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Vinh", "Hiếu"],
    "female": ["Anh", "Chi", "Dung", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Liên", "Linh", "Mai", "Nga", "Nhung",
               "Oanh", "Phương", "Thảo", "Trang", "Tuyết", "Vân", "Yến"],
}
PRODUCTS = {
    Sector.AGRICULTURE: ["lúa gạo", "rau an toàn", "chè", "cà phê", "hồ tiêu", "cây ăn quả", "chăn nuôi lợn",
                         "nuôi trồng thủy sản", "quế hồi", "dược liệu", "nấm", "mật ong"],
    Sector.INDUSTRY: ["mây tre đan", "gốm", "dệt thổ cẩm", "chế biến nông sản", "đồ gỗ", "vật liệu xây dựng"],
    Sector.TRADE_SERVICES: ["dịch vụ nông nghiệp", "vật tư nông nghiệp", "bán lẻ", "điện nông thôn"],
    Sector.TRANSPORT: ["vận tải hành khách", "vận tải hàng hóa", "taxi"],
    Sector.TOURISM: ["du lịch cộng đồng", "homestay", "du lịch sinh thái"],
    Sector.ENVIRONMENT: ["nước sạch", "vệ sinh môi trường", "thu gom rác"],
    Sector.CREDIT: ["tín dụng"],
    Sector.OTHER: ["dịch vụ tổng hợp"],
}
SECTOR_WEIGHTS = {Sector.AGRICULTURE: 62, Sector.INDUSTRY: 9, Sector.TRADE_SERVICES: 12, Sector.TRANSPORT: 5,
                  Sector.TOURISM: 3, Sector.ENVIRONMENT: 4, Sector.CREDIT: 4, Sector.OTHER: 1}
SECTOR_WORDS = {Sector.AGRICULTURE: "Nông nghiệp", Sector.INDUSTRY: "Tiểu thủ công nghiệp",
                Sector.TRADE_SERVICES: "Thương mại dịch vụ", Sector.TRANSPORT: "Vận tải",
                Sector.TOURISM: "Du lịch", Sector.ENVIRONMENT: "Môi trường", Sector.CREDIT: "Quỹ tín dụng nhân dân",
                Sector.OTHER: "Dịch vụ tổng hợp"}
EDUCATION_MEMBERS = {Education.NONE: 36, Education.ELEMENTARY: 22, Education.INTERMEDIATE: 18,
                     Education.COLLEGE: 9, Education.UNIVERSITY: 13, Education.POSTGRADUATE: 2}
EDUCATION_MANAGERS = {Education.NONE: 8, Education.ELEMENTARY: 16, Education.INTERMEDIATE: 31,
                      Education.COLLEGE: 17, Education.UNIVERSITY: 25, Education.POSTGRADUATE: 3}
CLASS_WEIGHTS = {Classification.GOOD: 19, Classification.FAIR: 34, Classification.AVERAGE: 24,
                 Classification.WEAK: 12, Classification.UNRATED: 11}
SCORE_BANDS = {Classification.GOOD: (80, 100), Classification.FAIR: (65, 79.99),
               Classification.AVERAGE: (50, 64.99), Classification.WEAK: (20, 49.99)}
OCOP_CATEGORIES = {
    ProductGroup.FOOD: ["miến dong", "gạo", "mật ong", "nấm hương", "thịt sấy", "bánh", "nước mắm"],
    ProductGroup.BEVERAGES: ["chè", "cà phê", "rượu", "nước uống"],
    ProductGroup.HERBS: ["tinh dầu hồi", "dầu sở", "cao dược liệu", "trà thảo dược"],
    ProductGroup.HANDICRAFTS: ["mây tre đan", "thổ cẩm", "gốm"],
    ProductGroup.ORNAMENTAL: ["lan", "cây cảnh"],
    ProductGroup.TOURISM: ["điểm du lịch cộng đồng"],
}
EXTRA_ROLES = [RoleKind.DIRECTOR, RoleKind.CONTROLLER, RoleKind.CHIEF_ACCOUNTANT, RoleKind.DEPUTY_DIRECTOR]


def _weighted(weights: dict) -> tuple[list, list[int]]:
    keys = list(weights)
    total, cumulative = 0, []
    for key in keys:
        total += weights[key]
        cumulative.append(total)
    return keys, cumulative


@dataclass
class Table:
    model: type[models.Model]
    columns: tuple[str, ...]  # attnames, in the order of each row
    rows: list[tuple] = field(default_factory=list)


@dataclass
class Dataset:
    preset_name: str
    seed: int
    tables: dict[str, Table]

    def counts(self) -> dict[str, int]:
        return {name: len(table.rows) for name, table in self.tables.items()}

    def digest(self) -> str:
        """A fingerprint of every row (same preset and seed → same digest)."""
        sha = hashlib.sha256()
        for name, table in self.tables.items():
            sha.update(f"{name}:{','.join(table.columns)}\n".encode())
            for row in table.rows:
                sha.update(repr(row).encode())
        return sha.hexdigest()


class _Builder:
    def __init__(self, preset: Preset, seed: int) -> None:
        self.p = preset
        self.rng = random.Random(seed)  # noqa: S311 - a seeded, deterministic dataset, not a secret
        self.tables: dict[str, Table] = {}
        self._folded: dict[str, str] = {}

    def table(self, name: str, model, columns: tuple[str, ...]) -> Table:
        self.tables[name] = Table(model, columns)
        return self.tables[name]

    def date_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return datetime.date.fromordinal(self.rng.randint(first.toordinal(), last.toordinal()))

    def fold(self, text: str) -> str:
        if text not in self._folded:
            self._folded[text] = fold(text)
        return self._folded[text]

    def place_name(self) -> str:
        return f"{self.rng.choice(SYLLABLES)} {self.rng.choice(SYLLABLES)}"

    def person_name(self, gender: str) -> tuple[str, str]:
        """(name, folded name), folding each part once."""
        parts = (self.rng.choice(SURNAMES), self.rng.choice(MIDDLE[gender]), self.rng.choice(GIVEN[gender]))
        return " ".join(parts), " ".join(self.fold(part) for part in parts)

    def split(self, total: int, parts: int, minimum: int = 1, sigma: float = 0.6) -> list[int]:
        """`total` shared over `parts` unevenly (lognormal weights), each at least `minimum`."""
        weights = [self.rng.lognormvariate(0, sigma) for _i in range(parts)]
        spare = total - minimum * parts
        if spare < 0:
            raise ValueError(f"{total} cannot give {parts} parts at least {minimum} each")
        scale = spare / sum(weights)
        shares = [minimum + int(w * scale) for w in weights]
        for i in range(total - sum(shares)):
            shares[i % parts] += 1
        return shares

    # --- units --------------------------------------------------------------------------

    def units(self) -> None:
        p = self.p
        units = self.table("units", AdministrativeUnit,
                           ("id", "code", "name", "level", "unit_type", "parent_id", "valid_from", "valid_until", "note"))
        successions = self.table("successions", UnitSuccession,
                                 ("id", "predecessor_id", "successor_id", "whole", "effective_on", "legal_basis"))
        self.provinces: list[int] = []
        self.districts: list[tuple[int, int]] = []  # (district id, province id)
        # commune id -> (province id, district id, valid_from, valid_until)
        self.communes: dict[int, tuple[int, int, datetime.date | None, datetime.date | None]] = {}
        self.province_of: dict[int, int] = {}
        next_id = 1
        districts_per_province = self.split(p.districts, p.provinces)
        communes_per_district = self.split(p.communes, p.districts, minimum=min(4, p.communes // p.districts))
        d_index = 0
        for pi in range(p.provinces):
            province_id, next_id = next_id, next_id + 1
            code = f"{CODE_PREFIX}{pi + 1:02d}"
            name = PROVINCE_NAMES[pi % len(PROVINCE_NAMES)] + ("" if pi < len(PROVINCE_NAMES) else f" {pi + 1}")
            city = pi < CITIES
            units.rows.append((province_id, code, ("Thành phố " if city else "Tỉnh ") + name, UnitLevel.PROVINCE,
                               UnitType.CITY if city else UnitType.PROVINCE, None, None, None, ""))
            self.provinces.append(province_id)
            self.province_of[province_id] = province_id
            for di in range(districts_per_province[pi]):
                district_id, next_id = next_id, next_id + 1
                d_code = f"{code}D{di + 1:02d}"
                kind = self.rng.choices([UnitType.DISTRICT, UnitType.URBAN_DISTRICT, UnitType.TOWNSHIP], [80, 12, 8])[0]
                prefix = {UnitType.DISTRICT: "Huyện", UnitType.URBAN_DISTRICT: "Quận", UnitType.TOWNSHIP: "Thị xã"}[kind]
                units.rows.append((district_id, d_code, f"{prefix} {self.place_name()}", UnitLevel.DISTRICT, kind,
                                   province_id, None, None, ""))
                self.districts.append((district_id, province_id))
                self.province_of[district_id] = province_id
                n = communes_per_district[d_index]
                # Every other district (the first included) merged 2 or 3 communes into a new one on 1/7/2025.
                merged = n >= 4 and d_index % 2 == 0
                old_count = n - 1 if merged else n
                group = self.rng.choice([2, 3]) if merged else 0
                ids = []
                for ci in range(n):
                    commune_id, next_id = next_id, next_id + 1
                    new = merged and ci == n - 1
                    gone = merged and old_count - group <= ci < old_count
                    kind = self.rng.choices([UnitType.COMMUNE, UnitType.WARD, UnitType.TOWN], [82, 12, 6])[0]
                    prefix = {UnitType.COMMUNE: "Xã", UnitType.WARD: "Phường", UnitType.TOWN: "Thị trấn"}[kind]
                    valid_from = MERGED_ON if new else None
                    valid_until = LAST_OLD_DAY if gone else None
                    units.rows.append((commune_id, f"{d_code}C{ci + 1:03d}", f"{prefix} {self.place_name()}",
                                       UnitLevel.COMMUNE, kind, district_id, valid_from, valid_until,
                                       "Sáp nhập từ 01/07/2025" if new else ""))
                    self.communes[commune_id] = (province_id, district_id, valid_from, valid_until)
                    self.province_of[commune_id] = province_id
                    ids.append(commune_id)
                d_index += 1
                if merged:
                    for old in ids[old_count - group:old_count]:
                        successions.rows.append((len(successions.rows) + 1, old, ids[-1], True, MERGED_ON,
                                                 "Nghị quyết sắp xếp đơn vị hành chính cấp xã năm 2025 (mô phỏng)"))
        # Communes where a collective founded on a day may sit: valid that day.
        self.before_merger = [c for c, (_p, _d, start, _u) in self.communes.items() if start is None]
        self.after_merger = [c for c, (_p, _d, _s, until) in self.communes.items() if until is None]

    # --- collectives and their people ---------------------------------------------------

    def collectives(self) -> None:
        p, rng = self.p, self.rng
        table = self.table("collectives", Collective, (
            "id", "kind", "registration_code", "name", "unit_id", "sector", "address", "legal_representative",
            "phone", "established_on", "dissolved_on", "dissolution_decision", "dissolution_kind",
            "charter_capital", "main_products",
        ))
        sectors, sector_cum = _weighted(SECTOR_WEIGHTS)
        # Communes carry unequal numbers of collectives (lognormal weights, fixed per commune).
        cum_before = list(itertools.accumulate(rng.lognormvariate(0, 0.7) for _c in self.before_merger))
        cum_after = list(itertools.accumulate(rng.lognormvariate(0, 0.7) for _c in self.after_merger))
        specs = []
        for kind, count in ((CollectiveKind.HTX, p.htx), (CollectiveKind.THT, p.tht), (CollectiveKind.UNION, p.unions)):
            for _i in range(count):
                if kind == CollectiveKind.THT:
                    established = self.date_between(datetime.date(2005, 1, 1), END)
                elif rng.random() < 0.6:
                    established = self.date_between(datetime.date(1997, 1, 1), datetime.date(2018, 12, 31))
                else:
                    established = self.date_between(datetime.date(2019, 1, 1), END)
                specs.append((established, rng.random(), kind))
        # Ids in the order records reach a register: by founding day.
        specs.sort()
        self.collective_info: list[tuple] = []  # index = id - 1: (kind, unit, established, dissolved, province)
        self.by_province: dict[int, list[int]] = {pid: [] for pid in self.provinces}
        code_seq: dict[int, int] = {}
        for index, (established, _tie, kind) in enumerate(specs):
            cid = index + 1
            if established >= MERGED_ON:
                unit = rng.choices(self.after_merger, cum_weights=cum_after)[0]
            else:
                unit = rng.choices(self.before_merger, cum_weights=cum_before)[0]
            province = self.province_of[unit]
            dissolved = None
            share = {CollectiveKind.HTX: 0.12, CollectiveKind.THT: 0.15, CollectiveKind.UNION: 0.05}[kind]
            first_dissolution = max(established + datetime.timedelta(days=180), datetime.date(2015, 1, 1))
            if rng.random() < share and first_dissolution <= END:
                dissolved = self.date_between(first_dissolution, END)
            sector = rng.choices(sectors, cum_weights=sector_cum)[0] if kind != CollectiveKind.THT else (
                Sector.AGRICULTURE if rng.random() < 0.8 else Sector.INDUSTRY)
            product = rng.choice(PRODUCTS[sector])
            place = rng.choice(SYLLABLES)
            code = None
            if kind == CollectiveKind.HTX:
                name = f"Hợp tác xã {SECTOR_WORDS[sector]} {place} {cid}"
            elif kind == CollectiveKind.UNION:
                name = f"Liên hiệp hợp tác xã {SECTOR_WORDS[sector]} {place} {cid}"
            else:
                name = f"Tổ hợp tác {product} thôn {place} {cid}"
            if kind != CollectiveKind.THT:
                seq = code_seq.get(province, 0) + 1
                code_seq[province] = seq
                code = f"{self.provinces.index(province) + 1:02d}{seq:08d}"
            representative = self.person_name("male" if rng.random() < 0.75 else "female")[0] \
                if kind != CollectiveKind.THT else ""
            capital = 0 if kind == CollectiveKind.THT else int(rng.lognormvariate(math.log(1.5e9), 0.9)) // 10**6 * 10**6
            table.rows.append((
                cid, kind, code, name, unit, sector, f"Thôn {place}", representative,
                f"09{rng.randint(10**7, 10**8 - 1)}" if rng.random() < 0.6 else "",
                established, dissolved,
                f"{rng.randint(1, 999)}/QĐ-UBND" if dissolved else "",
                (DissolutionKind.VOLUNTARY if rng.random() < 0.8 else DissolutionKind.COMPULSORY) if dissolved else "",
                capital, product,
            ))
            self.collective_info.append((kind, unit, established, dissolved, province))
            self.by_province[province].append(cid)

    def people(self) -> None:
        """People (one membership each) and management roles taken by the first members."""
        p, rng = self.p, self.rng
        people = self.table("people", Person, (
            "id", "full_name", "kind", "gender", "ethnicity", "ethnic_subgroup", "birth_year", "education",
            "unit_id", "phone", "search_text",
        ))
        memberships = self.table("memberships", Membership, (
            "id", "person_id", "collective_id", "member_type", "joined_on", "left_on", "capital_contribution",
        ))
        roles = self.table("roles", ManagementRole, ("id", "person_id", "collective_id", "role", "started_on",
                                                     "ended_on"))
        info = self.collective_info
        # Roles: a chair (HTX, union) or a group leader (THT) each, the rest spread over HTX/unions.
        role_plan: list[list[str]] = [
            [RoleKind.GROUP_LEADER] if kind == CollectiveKind.THT else [RoleKind.CHAIR] for kind, *_r in info]
        spare = p.management_roles - len(info)
        led = [i for i, (kind, *_r) in enumerate(info) if kind != CollectiveKind.THT]
        if spare < 0 or spare > 4 * len(led):
            raise ValueError("management_roles must lie between one and five per HTX/union plus one per THT")
        while spare:
            index = rng.choice(led)
            missing = [r for r in EXTRA_ROLES if r not in role_plan[index]]
            if missing:
                role_plan[index].append(missing[0])
                spare -= 1
        # Members: at least the role holders (an HTX at least 5, a THT at least 2), shared unevenly.
        minimum = [max(len(plan), 5 if kind != CollectiveKind.THT else 2) for plan, (kind, *_r) in zip(role_plan, info, strict=True)]
        extra = self.split(p.people - sum(minimum), len(info), minimum=0, sigma=0.9)
        self.members_of = [m + e for m, e in zip(minimum, extra, strict=True)]
        self.people_by_province: dict[int, list[int]] = {pid: [] for pid in self.provinces}
        self.managers: dict[int, list[int]] = {}
        # The hot loop of the country preset (1.9 M people): plain random() draws, names
        # picked from the precomputed (name, folded name) combinations.
        rand, bisect = rng.random, bisect_right
        names = {g: [(f"{s} {m} {n}", f"{self.fold(s)} {self.fold(m)} {self.fold(n)}")
                     for s in dict.fromkeys(SURNAMES) for m in MIDDLE[g] for n in GIVEN[g]] for g in GIVEN}
        surname_weight = {s: SURNAMES.count(s) for s in SURNAMES}
        name_cum = {g: list(itertools.accumulate(surname_weight[full.split(" ")[0]] for full, _f in names[g]))
                    for g in GIVEN}
        edu, edu_cum = _weighted(EDUCATION_MEMBERS)
        edu_m, edu_m_cum = _weighted(EDUCATION_MANAGERS)
        edu = [str(e) for e in edu]
        edu_m = [str(e) for e in edu_m]
        individual, household, organisation = (str(PersonKind.INDIVIDUAL), str(PersonKind.HOUSEHOLD),
                                               str(PersonKind.ORGANISATION))
        official, associate = str(MemberType.OFFICIAL), str(MemberType.ASSOCIATE)
        people_rows, membership_rows, role_rows = people.rows, memberships.rows, roles.rows
        person_id = 0
        for index, (kind, unit, established, dissolved, province) in enumerate(info):
            cid = index + 1
            # A collective dissolved on D no longer exists on D: memberships and roles start
            # before it (they may end on it).
            last_day = min(dissolved or END, END)
            last_start = dissolved - datetime.timedelta(days=1) if dissolved else END
            first_ordinal, span = established.toordinal(), (last_start - established).days
            plan = role_plan[index]
            holders = len(plan)
            union = kind == CollectiveKind.UNION
            in_province = self.people_by_province[province]
            managers = self.managers.setdefault(province, [])
            for m in range(self.members_of[index]):
                person_id += 1
                manager = m < holders
                gender = "male" if rand() < (0.7 if manager else 0.55) else "female"
                pool = names[gender]
                name, folded = pool[bisect(name_cum[gender], rand() * name_cum[gender][-1])]
                person_kind = individual
                if not manager and union:
                    person_kind = organisation
                    name, folded = f"Hợp tác xã thành viên {person_id}", f"hop tac xa thanh vien {person_id}"
                elif not manager and rand() < 0.06:
                    person_kind, name, folded = household, f"Hộ {name}", f"ho {folded}"
                if person_kind == individual:
                    ethnicity = Ethnicity.KINH.value if rand() < 0.85 else ETHNICITIES[int(rand() * len(ETHNICITIES))]
                    education = (edu_m[bisect(edu_m_cum, rand() * edu_m_cum[-1])] if manager
                                 else edu[bisect(edu_cum, rand() * edu_cum[-1])])
                    people_rows.append((person_id, name, person_kind, gender, ethnicity, "", 1950 + int(rand() * 54),
                                        education, unit, f"09{10**7 + int(rand() * 9 * 10**7)}" if rand() < 0.3 else "",
                                        folded))
                else:
                    people_rows.append((person_id, name, person_kind, "", "", "", None, "none", unit, "", folded))
                in_province.append(person_id)
                # Founders and managers join on the founding day; others later, within its life.
                joined = established if manager or span <= 0 or rand() < 0.5 else \
                    datetime.date.fromordinal(first_ordinal + int(rand() * (span + 1)))
                left = None
                if not manager and rand() < 0.08 and joined < last_day:
                    left = self.date_between(joined, last_day)
                membership_rows.append((person_id, person_id, cid, associate if rand() < 0.08 else official,
                                        joined, left, int(rand() * 51) * 10**6))
                if manager:
                    ended = self.date_between(joined, last_day) if rand() < 0.12 and joined < last_day else None
                    role_rows.append((len(role_rows) + 1, person_id, cid, str(plan[m]), joined, ended))
                    managers.append(person_id)

    # --- yearly figures -----------------------------------------------------------------

    def reports(self) -> None:
        rng = self.rng
        table = self.table("reports", AnnualReport, (
            "id", "collective_id", "year", "members", "regular_workers", "revenue", "profit",
            "average_monthly_income", "charter_capital_contributed", "classification", "classification_score",
            "value_chain", "high_tech", "source",
        ))
        suspensions = self.table("suspensions", Suspension, (
            "id", "collective_id", "starts_on", "ends_on", "decision_number", "reason"))
        classes, class_cum = _weighted(CLASS_WEIGHTS)
        report_id = 0
        for index, (kind, _unit, established, dissolved, _province) in enumerate(self.collective_info):
            cid = index + 1
            htx = kind == CollectiveKind.HTX
            scale = {CollectiveKind.HTX: 3.0e9, CollectiveKind.THT: 3.0e8, CollectiveKind.UNION: 2.0e10}[kind]
            revenue = rng.lognormvariate(math.log(scale), 0.8)
            members = max(self.members_of[index] * rng.randint(1, 3), 2)
            workers = rng.randint(0, 12 if htx else 4)
            income = rng.randint(30, 90) * 10**5
            value_chain = htx and rng.random() < 0.18
            high_tech = htx and rng.random() < 0.06
            # A report for each year it existed on at least one day (dissolved on 1/1: not that year).
            last_year = LAST_YEAR if dissolved is None else (
                dissolved.year if dissolved > datetime.date(dissolved.year, 1, 1) else dissolved.year - 1)
            for year in range(max(established.year, FIRST_YEAR), last_year + 1):
                # Growth year on year, a missing report now and then, a tenfold typo rarely.
                revenue *= rng.uniform(0.92, 1.18)
                members = max(2, int(members * rng.uniform(0.97, 1.06)))
                if rng.random() < 0.08:
                    continue
                report_id += 1
                shown_revenue = int(revenue) // 10**6 * 10**6
                if rng.random() < 0.004:
                    shown_revenue *= 10
                margin = rng.uniform(-0.08, 0.2)
                # Classified only after existing every day of the year (dissolved on 31/12: not).
                full_year = established <= datetime.date(year, 1, 1) and (
                    dissolved is None or dissolved > datetime.date(year, 12, 31))
                klass, score = Classification.UNRATED, None
                if htx and full_year:
                    klass = rng.choices(classes, cum_weights=class_cum)[0]
                    if klass != Classification.UNRATED and rng.random() < 0.85:
                        low, high = SCORE_BANDS[klass]
                        score = Decimal(rng.randint(int(low * 100), int(high * 100))) / 100
                table.rows.append((
                    report_id, cid, year, members, workers, shown_revenue, int(shown_revenue * margin) // 1000 * 1000,
                    None if rng.random() < 0.1 else int(income * rng.uniform(0.95, 1.12)) // 1000 * 1000,
                    None if rng.random() < 0.3 else rng.randint(1, 40) * 10**7,
                    klass, score, value_chain, high_tech, SOURCE,
                ))
            # A suspension for a few HTX: inside its life, at most one.
            last_day = min(dissolved or END, END)
            if htx and rng.random() < 0.02 and established < last_day - datetime.timedelta(days=60):
                starts = self.date_between(established, last_day - datetime.timedelta(days=1))
                ends = None if rng.random() < 0.3 else starts + datetime.timedelta(days=rng.randint(30, 365))
                ends = ends if ends is not None and ends <= END else None
                suspensions.rows.append((len(suspensions.rows) + 1, cid, starts, ends,
                                         f"{rng.randint(1, 500)}/TB-HTX", "Khó khăn về vốn, thị trường"))

    def statistics(self) -> None:
        rng = self.rng
        table = self.table("statistics", UnitStatistic, (
            "id", "unit_id", "year", "domestic_budget_revenue", "collective_sector_product", "source"))
        sums: dict[tuple[int, int], list[int]] = {}
        rows = []
        for commune, (province, district, valid_from, valid_until) in self.communes.items():
            revenue = rng.lognormvariate(math.log(8e10), 0.7)
            share = rng.uniform(0.003, 0.03)
            for year in YEARS:
                end = datetime.date(year, 12, 31)
                revenue *= rng.uniform(0.98, 1.1)
                if (valid_from and valid_from > end) or (valid_until and valid_until < end) or rng.random() < 0.05:
                    continue
                budget = int(revenue) // 10**6 * 10**6
                product = int(revenue * share) // 10**6 * 10**6
                rows.append((commune, year, budget, product))
                for unit in (district, province):
                    total = sums.setdefault((unit, year), [0, 0])
                    total[0] += budget
                    total[1] += product
        rows += [(unit, year, budget, product) for (unit, year), (budget, product) in sums.items()]
        for index, (unit, year, budget, product) in enumerate(rows, start=1):
            table.rows.append((index, unit, year, budget, product, SOURCE))

    # --- OCOP, training, trade events ---------------------------------------------------

    def ocop(self) -> None:
        rng = self.rng
        products = self.table("products", OcopProduct, (
            "id", "name", "group", "category", "producer_id", "producer_kind", "producer_name", "unit_id",
            "registered_on", "withdrawn_on"))
        ratings = self.table("ratings", OcopRating, (
            "id", "product_id", "stars", "score", "decision_number", "issuer", "decided_on", "valid_until", "revoked"))
        groups = list(OCOP_CATEGORIES)
        producers = [i + 1 for i, (kind, *_r) in enumerate(self.collective_info) if kind != CollectiveKind.UNION]
        communes = self.after_merger
        for pid in range(1, self.p.ocop_products + 1):
            group = rng.choices(groups, [50, 15, 15, 12, 3, 5])[0]
            category = rng.choice(OCOP_CATEGORIES[group])
            first = datetime.date(2018, 1, 1)
            if rng.random() < 0.85:
                producer = rng.choice(producers)
                _kind, unit, established, _d, _p = self.collective_info[producer - 1]
                first = max(first, established)
                kind, producer_name = ProducerKind.COLLECTIVE, ""
            else:
                producer, unit = None, rng.choice(communes)
                kind = ProducerKind.ENTERPRISE if rng.random() < 0.5 else ProducerKind.HOUSEHOLD
                producer_name = (f"Công ty TNHH {rng.choice(SYLLABLES)} {pid}" if kind == ProducerKind.ENTERPRISE
                                 else f"Hộ {self.person_name('male')[0]}")
                valid_from = self.communes[unit][2]
                first = max(first, valid_from or first)
            registered = self.date_between(first, END)
            withdrawn = self.date_between(registered, END) if rng.random() < 0.03 else None
            products.rows.append((pid, f"{category.capitalize()} {rng.choice(SYLLABLES)} {pid}", group, category,
                                  producer, kind, producer_name, unit, registered, withdrawn))
            decided = registered + datetime.timedelta(days=rng.randint(20, 240))
            stars = rng.choices([2, 3, 4, 5], [4, 75, 20, 1])[0]
            while decided <= END:
                valid_until = add_months(decided, 36)
                score = Decimal(rng.randint({2: 3000, 3: 5000, 4: 7000, 5: 9000}[stars],
                                            {2: 4999, 3: 6999, 4: 8999, 5: 10000}[stars])) / 100
                ratings.rows.append((len(ratings.rows) + 1, pid, stars, score,
                                     f"{rng.randint(1, 4000)}/QĐ-UBND", "UBND tỉnh", decided, valid_until,
                                     rng.random() < 0.01))
                if rng.random() < 0.4:
                    break
                # Renewed shortly before it lapses, sometimes one star up.
                decided = valid_until - datetime.timedelta(days=rng.randint(5, 60))
                stars = min(5, stars + (1 if rng.random() < 0.15 else 0))

    def training(self) -> None:
        rng = self.rng
        courses = self.table("courses", TrainingCourse, ("id", "title", "held_on", "organizer", "unit_id",
                                                         "extra_attendees"))
        attendees = self.table("attendees", TrainingCourse.attendees.through,
                               ("id", "trainingcourse_id", "person_id"))
        by_province_districts: dict[int, list[int]] = {}
        for district, province in self.districts:
            by_province_districts.setdefault(province, []).append(district)
        communes_of: dict[int, list[int]] = {}
        for commune, (province, *_r) in self.communes.items():
            communes_of.setdefault(province, []).append(commune)
        topics = ["Quản trị hợp tác xã", "Kế toán hợp tác xã", "Chuyển đổi số", "Xây dựng chuỗi giá trị",
                  "Luật Hợp tác xã 2023", "Sản phẩm OCOP", "Tiếp cận tín dụng"]
        for course_id in range(1, self.p.courses + 1):
            province = rng.choice(self.provinces)
            where = rng.random()
            unit = (province if where < 0.25 else rng.choice(by_province_districts[province]) if where < 0.85
                    else rng.choice(communes_of[province]))
            held = self.date_between(datetime.date(FIRST_YEAR, 1, 1), END)
            courses.rows.append((course_id, f"Bồi dưỡng {rng.choice(topics).lower()} {held.year}", held,
                                 rng.choice(["Liên minh Hợp tác xã tỉnh", "Sở Nông nghiệp và Môi trường",
                                             "UBND huyện", "Chi cục Phát triển nông thôn"]), unit,
                                 rng.randint(0, 15)))
            pool = self.managers.get(province) or self.people_by_province[province]
            for person in rng.sample(pool, min(len(pool), rng.randint(5, 30))):
                attendees.rows.append((len(attendees.rows) + 1, course_id, person))

    def events(self) -> None:
        rng = self.rng
        events = self.table("events", TradeEvent, ("id", "name", "held_on", "location", "kind", "unit_id"))
        participants = self.table("participants", TradeEvent.participants.through,
                                  ("id", "tradeevent_id", "collective_id"))
        kinds = list(TradeEventKind.values)
        for event_id in range(1, self.p.events + 1):
            province = rng.choice(self.provinces)
            held = self.date_between(datetime.date(FIRST_YEAR, 1, 1), END)
            kind = rng.choices(kinds, [45, 30, 20, 5])[0]
            label = {"trade_fair": "Hội chợ xúc tiến thương mại", "ocop_fair": "Tuần hàng OCOP",
                     "conference": "Hội nghị kết nối cung cầu", "other": "Phiên chợ nông sản"}[kind]
            events.rows.append((event_id, f"{label} {rng.choice(SYLLABLES)} {held.year}", held,
                                f"Trung tâm hội nghị {rng.choice(SYLLABLES)}", kind, province))
            chosen = set(rng.sample(self.by_province[province], min(len(self.by_province[province]),
                                                                   rng.randint(3, 25))))
            if len(self.provinces) > 1 and rng.random() < 0.1:  # guests from other provinces
                other = rng.choice([pid for pid in self.provinces if pid != province])
                chosen.update(rng.sample(self.by_province[other], min(len(self.by_province[other]), 3)))
            for collective in sorted(chosen):
                participants.rows.append((len(participants.rows) + 1, event_id, collective))

    def plans(self) -> None:
        plans = self.table("plans", Plan, ("id", "code", "title", "unit_id", "baseline_year", "target_year",
                                           "legal_basis"))
        targets = self.table("targets", Target, ("id", "plan_id", "indicator", "comparator", "low", "high",
                                                 "position"))
        entries = [(f"toan-quoc-{LAST_YEAR}", f"Kế hoạch phát triển kinh tế tập thể toàn quốc năm {LAST_YEAR} "
                                               "(mô phỏng)", None)]
        names = {row[0]: (row[1], row[2]) for row in self.tables["units"].rows}
        for province in self.provinces:
            code, name = names[province]
            entries.append((f"{code.lower()}-{LAST_YEAR}", f"Kế hoạch kinh tế tập thể {name} năm {LAST_YEAR} "
                                                            "(mô phỏng)", province))
        for plan_id, (code, title, unit) in enumerate(entries, start=1):
            plans.rows.append((plan_id, code, title, unit, LAST_YEAR - 1, LAST_YEAR, SOURCE))
            for position, (indicator, comparator, low, high) in enumerate(PLAN_TARGETS, start=1):
                targets.rows.append((len(targets.rows) + 1, plan_id, indicator, comparator,
                                     Decimal(low) if low is not None else None,
                                     Decimal(high) if high is not None else None, position))


def build(preset: Preset | str, seed: int) -> Dataset:
    """Every row of the synthetic register for `preset` (a name of PRESETS or a Preset)."""
    name = preset if isinstance(preset, str) else "custom"
    builder = _Builder(PRESETS[preset] if isinstance(preset, str) else preset, seed)
    # Millions of tuples and no cycles among them: the cyclic collector would only rescan them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for step in (builder.units, builder.collectives, builder.people, builder.reports, builder.statistics,
                     builder.ocop, builder.training, builder.events, builder.plans):
            step()
    finally:
        if collecting:
            gc.enable()
    return Dataset(name, seed, builder.tables)


# --- loading ------------------------------------------------------------------------------

CHUNK = 100_000  # rows per executemany (other databases)
PIECE = 5_000  # rows per piece of a COPY stream


def _full_rows(table: Table) -> tuple[list[models.Field], Callable[[tuple], tuple]]:
    """The model's concrete fields, and a function completing a row (in the table's column
    order) into one value per field: the generator's values, then the defaults of the
    fields it does not fill (fixed timestamps, `search_text` folded as save() does)."""
    fields = list(table.model._meta.concrete_fields)
    given = {name: i for i, name in enumerate(table.columns)}
    unknown = set(given) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"{table.model.__name__} has no field {sorted(unknown)}")
    search_fields = getattr(table.model, "search_fields", ())
    searched = [given.get(name) for name in search_fields]  # None: a field the generator leaves blank
    fold_search = bool(search_fields) and "search_text" not in given
    # A row is extended with (its search text,) and the constants, then picked in field order.
    width = len(table.columns) + (1 if fold_search else 0)
    constants: list[Any] = []
    picks: list[int] = []
    for f in fields:
        if f.attname in given:
            picks.append(given[f.attname])
        elif f.attname == "search_text" and fold_search:
            picks.append(len(table.columns))
        else:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = STAMP
            elif f.has_default() or f.null or f.empty_strings_allowed:
                value = f.get_default()
            else:
                raise ValueError(f"the generator has no value for {table.model.__name__}.{f.name}")
            picks.append(width + len(constants))
            constants.append(value)
    pick, tail = operator.itemgetter(*picks), tuple(constants)

    if fold_search:
        def complete(row: tuple) -> tuple:
            text = search_text_of(table.model, [None if i is None else row[i] for i in searched])
            return pick(row + (text,) + tail)
    else:
        def complete(row: tuple) -> tuple:
            return pick(row + tail)

    return fields, complete


class _CsvStream:
    """The rows of a table as CSV text, formatted as COPY reads it: the server parses one
    piece while this process formats the next (two processes, two cores)."""

    def __init__(self, rows, complete: Callable[[tuple], tuple]) -> None:
        self._rows, self._complete = rows, complete
        self._next = 0
        self._buffer = io.StringIO()
        # Every text is quoted (QUOTE_NONNUMERIC), so None and '' both arrive as a quoted
        # empty string; FORCE_NULL reads it as NULL in the nullable columns (see _copy).
        self._writer = csv.writer(self._buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")

    def read(self, size: int = -1) -> str:
        if self._next >= len(self._rows):
            return ""
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerows(map(self._complete, self._rows[self._next:self._next + PIECE]))
        self._next += PIECE
        return self._buffer.getvalue()


def _copy(cursor, table: Table) -> None:
    fields, complete = _full_rows(table)
    quote = connection.ops.quote_name
    # Nullable columns are dates, numbers, keys and nullable texts (which Django stores as
    # NULL, never ''), so a quoted empty string there is NULL.
    nullable = [quote(f.column) for f in fields if f.null]
    options = "FORMAT csv" + (f", FORCE_NULL ({', '.join(nullable)})" if nullable else "")
    sql = (f"COPY {quote(table.model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"FROM STDIN WITH ({options})")
    cursor.cursor.copy_expert(sql, _CsvStream(table.rows, complete), size=1 << 20)


def _copy_then_index(cursor, table: Table) -> None:
    """_copy, with the table's plain indexes (those no constraint owns: not the primary key,
    not a unique or foreign-key one) dropped before and built again after, each from its
    own definition, in the load's transaction: a table ends with every index it had.

    Built once from the rows, an index costs a fraction of keeping it row by row: the 1.9 M
    people of the country with their five indexes, 59 s inserted into an indexed table
    against 4 s into a bare one and 20 s to build the indexes (the trigram one 10 s)."""
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
        "AND i.tablename = %s AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)",
        [table.model._meta.db_table])
    indexes = cursor.fetchall()
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    _copy(cursor, table)
    for _name, definition in indexes:
        cursor.execute(definition)


def _insert(cursor, table: Table) -> None:
    fields, complete = _full_rows(table)
    quote = connection.ops.quote_name
    # Names quoted by the backend, values passed as parameters: no input reaches the SQL text.
    sql = (f"INSERT INTO {quote(table.model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    for start in range(0, len(table.rows), CHUNK):
        rows = [tuple(f.get_db_prep_save(v, connection) for f, v in zip(fields, complete(row), strict=True))
                for row in table.rows[start:start + CHUNK]]
        cursor.executemany(sql, rows)


class NotEmpty(Exception):
    pass


def load(dataset: Dataset, *, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Write `dataset` into the (empty) tables of the default database, all or nothing."""
    tables = list(dataset.tables.values())
    collecting = gc.isenabled()
    gc.disable()  # as in build(): millions of fresh tuples, no cycles
    try:
        _load(tables, progress)
    finally:
        if collecting:
            gc.enable()
    return dataset.counts()


def _load(tables: list[Table], progress) -> None:
    with transaction.atomic():
        for table in tables:
            if table.model._default_manager.exists():
                raise NotEmpty(table.model._meta.db_table)
        with connection.cursor() as cursor:
            postgres = connection.vendor == "postgresql"
            if postgres:
                # Foreign keys checked row by row as they arrive, not queued to the commit.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in tables:
                if postgres:
                    _copy_then_index(cursor, table)
                else:
                    _insert(cursor, table)
                if progress:
                    progress(table.model._meta.db_table, len(table.rows))
            for sql in connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables]):
                cursor.execute(sql)
        # COPY bypasses Django's cursor, which sees every other write (core.cache): the data
        # version moves when this transaction commits.
        note_write()
    if connection.vendor == "postgresql":
        # VACUUM as well as ANALYZE: rows just copied are not yet marked visible to all, and
        # until they are, an index-only scan (a deep page's ids, core.paging) reads the table
        # anyway. Outside the load's transaction, as VACUUM must be (`connection` is in
        # autocommit between transactions unless a caller wraps this in one).
        with connection.cursor() as cursor:
            for table in tables:
                name = connection.ops.quote_name(table.model._meta.db_table)
                cursor.execute(f"VACUUM (ANALYZE) {name}" if connection.get_autocommit() else f"ANALYZE {name}")
