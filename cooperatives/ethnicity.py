"""The 54 ethnic groups of Viet Nam with the codes of the General Statistics Office (Tổng cục
Thống kê), Decision 121-TCTK/PPCĐ of 02/03/1979 — the order GSO's 2019 survey of the 53
ethnic minorities still uses (docs/domain.md, decision 26). A person's `ethnicity` is one of
these codes; a local group (Sán Chỉ, Cao Lan of the Sán Chay) is the person's
`ethnic_subgroup`, never a group of its own.

`ethnicity_from_text` reads what officers write (accents or not, "Gia-rai" or "Gia Rai",
older names such as "Mèo" or "Khmer"), and `person_ethnicity` what a person's two fields
then hold: the importer and the data migration of free text use them, so both understand
the same names and keep a local group as the page does.
"""

import re

from django.db import models

from core.text import fold


class Ethnicity(models.TextChoices):
    # Names of peoples: the same in every interface language, so not marked for translation.
    KINH = "01", "Kinh"
    TAY = "02", "Tày"
    THAI = "03", "Thái"
    HOA = "04", "Hoa"
    KHMER = "05", "Khơ-me"
    MUONG = "06", "Mường"
    NUNG = "07", "Nùng"
    HMONG = "08", "Mông"
    DAO = "09", "Dao"
    GIA_RAI = "10", "Gia-rai"
    NGAI = "11", "Ngái"
    E_DE = "12", "Ê-đê"
    BA_NA = "13", "Ba-na"
    XO_DANG = "14", "Xơ-đăng"
    SAN_CHAY = "15", "Sán Chay"
    CO_HO = "16", "Cơ-ho"
    CHAM = "17", "Chăm"
    SAN_DIU = "18", "Sán Dìu"
    HRE = "19", "Hrê"
    MNONG = "20", "Mnông"
    RA_GLAI = "21", "Ra-glai"
    XTIENG = "22", "Xtiêng"
    BRU_VAN_KIEU = "23", "Bru-Vân Kiều"
    THO = "24", "Thổ"
    GIAY = "25", "Giáy"
    CO_TU = "26", "Cơ-tu"
    GIE_TRIENG = "27", "Gié-Triêng"
    MA = "28", "Mạ"
    KHO_MU = "29", "Khơ-mú"
    CO = "30", "Co"
    TA_OI = "31", "Ta-ôi"
    CHO_RO = "32", "Chơ-ro"
    KHANG = "33", "Kháng"
    XINH_MUN = "34", "Xinh-mun"
    HA_NHI = "35", "Hà Nhì"
    CHU_RU = "36", "Chu-ru"
    LAO = "37", "Lào"
    LA_CHI = "38", "La Chí"
    LA_HA = "39", "La Ha"
    PHU_LA = "40", "Phù Lá"
    LA_HU = "41", "La Hủ"
    LU = "42", "Lự"
    LO_LO = "43", "Lô Lô"
    CHUT = "44", "Chứt"
    MANG = "45", "Mảng"
    PA_THEN = "46", "Pà Thẻn"
    CO_LAO = "47", "Cơ Lao"
    CONG = "48", "Cống"
    BO_Y = "49", "Bố Y"
    SI_LA = "50", "Si La"
    PU_PEO = "51", "Pu Péo"
    BRAU = "52", "Brâu"
    O_DU = "53", "Ơ Đu"
    RO_MAM = "54", "Rơ-măm"


# Other names officers write for a group (older names, other spellings of GSO's lists).
OTHER_NAMES = {
    "Việt": Ethnicity.KINH, "Kinh (Việt)": Ethnicity.KINH, "Khmer": Ethnicity.KHMER,
    "Khơ me Krôm": Ethnicity.KHMER, "H'Mông": Ethnicity.HMONG, "Hmông": Ethnicity.HMONG,
    "HMông": Ethnicity.HMONG, "Mèo": Ethnicity.HMONG, "Hoa (Hán)": Ethnicity.HOA, "Hán": Ethnicity.HOA,
    "Gia Lai": Ethnicity.GIA_RAI, "Jrai": Ethnicity.GIA_RAI, "Ra-đê": Ethnicity.E_DE, "Bahnar": Ethnicity.BA_NA,
    "K'Ho": Ethnicity.CO_HO, "M'Nông": Ethnicity.MNONG, "X'Tiêng": Ethnicity.XTIENG, "Stiêng": Ethnicity.XTIENG,
    "Bru": Ethnicity.BRU_VAN_KIEU, "Vân Kiều": Ethnicity.BRU_VAN_KIEU, "Ka Tu": Ethnicity.CO_TU,
    "Giẻ Triêng": Ethnicity.GIE_TRIENG, "Khmu": Ethnicity.KHO_MU, "Tà Ôi": Ethnicity.TA_OI,
    "Cờ Lao": Ethnicity.CO_LAO, "Hrê (Chăm Rê)": Ethnicity.HRE, "La Chi": Ethnicity.LA_CHI,
    "Sán Chay (Cao Lan-Sán Chỉ)": Ethnicity.SAN_CHAY,
}

# Local groups within an official group: the group, and the local name kept as the subgroup.
LOCAL_GROUPS = {"Sán Chỉ": Ethnicity.SAN_CHAY, "Cao Lan": Ethnicity.SAN_CHAY}


def _key(text: str) -> str:
    """"Gia-rai", "Gia Rai" and "giarai" are one name; "Ơ Đu" and "o du" too."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


_BY_KEY: dict[str, tuple[str, str]] = {}
for _code, _name in Ethnicity.choices:
    _BY_KEY[_key(_name)] = (_code, "")
    _BY_KEY[_code] = (_code, "")
    _BY_KEY[str(int(_code))] = (_code, "")  # "2" as a spreadsheet shows the code 02
for _name, _code in OTHER_NAMES.items():
    _BY_KEY.setdefault(_key(_name), (_code, ""))
for _name, _code in LOCAL_GROUPS.items():
    _BY_KEY[_key(_name)] = (_code, _name)


def ethnicity_from_text(text: str | None) -> tuple[str, str] | None:
    """(code, local group) for what an officer wrote: ("15", "Sán Chỉ") for "San Chi",
    ("02", "") for "Tày" or "02"; None when it names no group of the list."""
    key = _key(text or "")
    return _BY_KEY.get(key) if key else None


def person_ethnicity(text: str | None, subgroup: str = "") -> tuple[str, str] | None:
    """(ethnicity, ethnic_subgroup) of a person whose ethnicity is written `text`, with
    `subgroup` the local group written beside it: what the person page stores when the
    officer picks the group and types the local name. A local group written as the
    ethnicity ("Sán Chỉ") is its group, and its name the subgroup unless one is written;
    None when `text` names no group. The importer and the migration of free text use it."""
    found = ethnicity_from_text(text)
    if found is None:
        return None
    code, local = found
    return str(code), subgroup or local
