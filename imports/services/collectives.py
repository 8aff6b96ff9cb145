"""Importing collectives (HTX, THT, unions): one row per organisation."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from cooperatives.models import Collective, CollectiveKind, DissolutionKind, Sector
from cooperatives.services import collective_update, dissolves
from core.text import fold
from imports.services.base import (
    CREATED,
    UNCHANGED,
    UPDATED,
    Column,
    Importer,
    ParsedRow,
    chunks,
    fail,
)
from imports.services.cells import ChoiceReader

KIND = ChoiceReader(CollectiveKind, {"HTX": "htx", "THT": "tht", "LHHTX": "union", "Liên hiệp HTX": "union"})
SECTOR = ChoiceReader(Sector, {
    "Nông nghiệp": "agriculture", "Nông lâm ngư nghiệp": "agriculture", "Nông, lâm, ngư nghiệp": "agriculture",
    "Công nghiệp": "industry", "Tiểu thủ công nghiệp": "industry", "Xây dựng": "industry",
    "Thương mại": "trade_services", "Dịch vụ": "trade_services", "Thương mại dịch vụ": "trade_services",
    "Môi trường": "environment", "Nước sạch": "environment", "Tín dụng": "credit", "QTDND": "credit",
})
DISSOLUTION_KIND = ChoiceReader(DissolutionKind)


class CollectiveImporter(Importer):
    kind = "collectives"
    title = _l("Tổ chức kinh tế tập thể (HTX, THT)")
    sheet_name = _l("Tổ chức kinh tế tập thể")
    description = _l("Mỗi dòng một HTX, THT hoặc liên hiệp HTX. Dòng có mã số trùng với tổ chức đã có sẽ "
                     "cập nhật tổ chức đó; THT (không có mã số) được nhận ra theo tên và xã.")
    columns = [
        Column("registration_code", _l("Mã số HTX / mã số thuế"), help=_l("Để trống với tổ hợp tác."),
               example="5701234567"),
        Column("name", _l("Tên tổ chức"), required=True, example="Hợp tác xã Miến dong Bình Liêu"),
        Column("kind", _l("Loại hình"), KIND, required=True, example="Hợp tác xã"),
        Column("unit", _l("Xã / phường / thị trấn"), "unit", required=True,
               help=_l("Tên hoặc mã xã (trang “Danh mục xã”)."), example="Xã Húc Động"),
        Column("sector", _l("Lĩnh vực"), SECTOR, example="Nông, lâm, ngư nghiệp"),
        Column("established_on", _l("Ngày thành lập"), "date", required=True, example="15/03/2018"),
        Column("address", _l("Địa chỉ trụ sở"), example="Thôn Sông Moóc"),
        Column("legal_representative", _l("Người đại diện theo pháp luật"), example="Hoàng Văn A"),
        Column("phone", _l("Điện thoại"), example="0912345678"),
        Column("charter_capital", _l("Vốn điều lệ (đồng)"), "money", example="1.500.000.000"),
        Column("main_products", _l("Sản phẩm, dịch vụ chính"), example="Miến dong"),
        Column("dissolved_on", _l("Ngày giải thể"), "date", help=_l("Chỉ ghi khi tổ chức đã giải thể.")),
        Column("dissolution_decision", _l("Số quyết định giải thể")),
        Column("dissolution_kind", _l("Hình thức giải thể"), DISSOLUTION_KIND),
    ]

    bulk_models = (Collective,)
    main_model = Collective
    link_name = "cooperatives:collective_detail"
    label_columns = ("name", "registration_code")

    def prepare(self, rows: list[ParsedRow]) -> None:
        codes = {r.values["registration_code"] for r in rows if r.values.get("registration_code")}
        self.by_code: dict[str, Collective] = {}
        for part in chunks(codes):
            for collective in Collective.objects.filter(registration_code__in=part).select_related("unit"):
                if collective.registration_code is not None:  # the filter matched it: never None
                    self.by_code[collective.registration_code] = collective
        # Without a code (THT) a collective is known by its name in its commune.
        unit_ids = {r.values["unit"].pk for r in rows if "unit" in r.values and not r.values.get("registration_code")}
        self.by_name: dict[tuple[str, int], Collective] = {}
        for part in chunks(unit_ids):
            for collective in Collective.objects.filter(registration_code__isnull=True, unit__in=part).select_related(
                    "unit"):
                self.by_name.setdefault((fold(collective.name), collective.unit_id), collective)

    def import_row(self, row: ParsedRow) -> str:
        values = dict(row.values)
        code = values.get("registration_code")
        if code:
            self.once(("code", code), row, "registration_code",
                      _("Mã số %(code)s trùng với dòng %%(row)s của tệp.") % {"code": code})
            existing = self.by_code.get(code)
            if existing is not None and not self.unit_in_scope(existing.unit_id):
                # Only that the code is taken: the name and commune of a collective the
                # officer may not see are not theirs to read.
                fail("registration_code", _("Mã số %(code)s đã được dùng cho một tổ chức ngoài phạm vi của bạn.")
                     % {"code": code})
        else:
            key = (fold(values["name"]), values["unit"].pk)
            self.once(("name",) + key, row, "name",
                      _("Tổ chức này trùng với dòng %(row)s của tệp (cùng tên, cùng xã, không có mã số)."))
            existing = self.by_name.get(key)

        if existing is None:
            self.create(row, Collective, values)
            self.count(Collective, CREATED)
            return CREATED

        changes = self.changes_for(existing, values, row)
        if not changes:
            self.count(Collective, UNCHANGED)
            return UNCHANGED
        if dissolves(existing, changes):
            collective_update(existing, actor=self.actor, changes=changes, expected_version=existing.version)
        else:
            # A plain edit (what collective_update does for it), batched with the file's others.
            self.update(row, existing, changes)
        self.count(Collective, UPDATED)
        return UPDATED
