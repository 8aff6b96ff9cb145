"""Bình Liêu district as it was in 2022 and the three communes that replaced it on 1/7/2025
(domain.md §5 and decision 7). Used by the demo loader and by tests; idempotent.

Codes: GSO codes where known (province 22, district 198, communes 068xx). The 2025
communes have no verified official code yet, so they carry internal codes (N + the
Vietmap id); change them when the official codes are published.
"""

import datetime

from units.models import AdministrativeUnit, UnitLevel, UnitSuccession, UnitType

QUANG_NINH = "22"
BINH_LIEU = "198"
REFORM_DAY = datetime.date(2025, 7, 1)
DISTRICT_END = datetime.date(2025, 6, 30)
MERGER_2020 = datetime.date(2020, 1, 1)

# code, name, unit type
COMMUNES_2022 = [
    ("06838", "Thị trấn Bình Liêu", UnitType.TOWN),
    ("06841", "Xã Hoành Mô", UnitType.COMMUNE),
    ("06844", "Xã Đồng Tâm", UnitType.COMMUNE),
    ("06847", "Xã Đồng Văn", UnitType.COMMUNE),
    ("06853", "Xã Vô Ngại", UnitType.COMMUNE),
    ("06856", "Xã Lục Hồn", UnitType.COMMUNE),
    ("06859", "Xã Húc Động", UnitType.COMMUNE),
]
TINH_HUC = ("06850", "Xã Tình Húc", UnitType.COMMUNE)

COMMUNES_2025 = [
    ("N13861", "Xã Bình Liêu", UnitType.COMMUNE),
    ("N10277", "Xã Hoành Mô (mới)", UnitType.COMMUNE),
    ("N10533", "Xã Lục Hồn (mới)", UnitType.COMMUNE),
]
# Outside the district, named only because part of Vô Ngại went to it.
TIEN_YEN = ("N-TIENYEN", "Xã Tiên Yên", UnitType.COMMUNE)

# predecessor → successor, whole?
SUCCESSIONS_2025 = [
    ("06838", "N13861", True),
    ("06859", "N13861", True),
    ("06853", "N13861", False),  # Vô Ngại was split (NQ 1679/NQ-UBTVQH15)
    ("06853", "N-TIENYEN", False),
    ("06841", "N10277", True),
    ("06847", "N10277", True),
    ("06856", "N10533", True),
    ("06844", "N10533", True),
]


def _unit(code, name, level, unit_type, parent=None, valid_from=None, valid_until=None, note=""):
    unit, _ = AdministrativeUnit.objects.update_or_create(
        code=code,
        defaults={
            "name": name, "level": level, "unit_type": unit_type, "parent": parent,
            "valid_from": valid_from, "valid_until": valid_until, "note": note,
        },
    )
    return unit


def ensure_binh_lieu_units() -> dict[str, AdministrativeUnit]:
    """Create or refresh the units; returns them by code."""
    units: dict[str, AdministrativeUnit] = {}
    province = units[QUANG_NINH] = _unit(QUANG_NINH, "Tỉnh Quảng Ninh", UnitLevel.PROVINCE, UnitType.PROVINCE)
    district = units[BINH_LIEU] = _unit(BINH_LIEU, "Huyện Bình Liêu", UnitLevel.DISTRICT, UnitType.DISTRICT,
                                        parent=province, valid_until=DISTRICT_END,
                                        note="Cấp huyện chấm dứt hoạt động từ 01/7/2025.")
    for code, name, unit_type in COMMUNES_2022:
        units[code] = _unit(code, name, UnitLevel.COMMUNE, unit_type, parent=district, valid_until=DISTRICT_END)
    code, name, unit_type = TINH_HUC
    units[code] = _unit(code, name, UnitLevel.COMMUNE, unit_type, parent=district,
                        valid_until=MERGER_2020 - datetime.timedelta(days=1),
                        note="Nhập toàn bộ vào thị trấn Bình Liêu (NQ 837/NQ-UBTVQH14).")
    for code, name, unit_type in [*COMMUNES_2025, TIEN_YEN]:
        units[code] = _unit(code, name, UnitLevel.COMMUNE, unit_type, parent=province, valid_from=REFORM_DAY,
                            note="Mã nội bộ: mã chính thức chưa được xác minh.")
    _succession(units, "06850", "06838", True, MERGER_2020, "NQ 837/NQ-UBTVQH14")
    for old, new, whole in SUCCESSIONS_2025:
        _succession(units, old, new, whole, REFORM_DAY, "NQ 1679/NQ-UBTVQH15")
    return units


def _succession(units, old, new, whole, day, basis):
    UnitSuccession.objects.update_or_create(
        predecessor=units[old], successor=units[new],
        defaults={"whole": whole, "effective_on": day, "legal_basis": basis},
    )
