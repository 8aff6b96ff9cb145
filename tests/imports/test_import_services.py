"""The importer through its service (imports.services.import_file): preview, confirm,
each kind of error, re-import, scope. Pages are tested in test_import_views.py."""

import datetime

from django.db import IntegrityError

from cooperatives.models import AnnualReport, Collective, ManagementRole, Membership, Person
from core.text import search
from core.validation import today
from imports.services import import_file
from ocop.models import OcopProduct, OcopRating
from tests.factories import CollectiveFactory
from tests.imports.helpers import COLLECTIVE_HEADERS, REPORT_HEADERS, csv_bytes, xlsx_bytes
from units.models import AdministrativeUnit

GOOD_COLLECTIVES = [
    ["5701000001", "Hợp tác xã Miến dong Húc Động", "Hợp tác xã", "Xã Húc Động", "Nông, lâm, ngư nghiệp",
     "15/03/2018", "1.500.000.000"],
    ["5701000002", "HTX Dầu sở Đồng Văn", "htx", "06847", "industry", datetime.datetime(2019, 6, 1), 250000000],  # noqa: DTZ001 (Excel cells are naive)
    [None, "Tổ hợp tác Mật ong Lục Hồn", "THT", "Lục Hồn", "Nông nghiệp", "2020-01-10", None],
]


def run(kind, actor, content, *, filename="file.xlsx", commit=True):
    return import_file(kind, actor=actor, content=content, filename=filename, commit=commit)


def issues_by_cell(result):
    return {(i.row, i.column): i.message for i in result.issues}


def test_it_previews_a_good_file_without_saving_then_imports_it(officer):
    content = xlsx_bytes(COLLECTIVE_HEADERS, GOOD_COLLECTIVES)

    preview = run("collectives", officer, content, commit=False)

    assert preview.ok and not preview.committed
    assert (preview.created, preview.updated, preview.unchanged) == (3, 0, 0)
    assert Collective.objects.count() == 0
    assert Collective.history.count() == 0

    result = run("collectives", officer, content)

    assert result.ok and result.committed and result.created == 3
    mien_dong = Collective.objects.get(registration_code="5701000001")
    assert mien_dong.unit.code == "06859" and mien_dong.kind == "htx"
    assert mien_dong.charter_capital == 1_500_000_000
    assert mien_dong.established_on == datetime.date(2018, 3, 15)
    tht = Collective.objects.get(name="Tổ hợp tác Mật ong Lục Hồn")
    assert tht.kind == "tht" and tht.registration_code is None and tht.unit.code == "06856"
    # History is written through the services, with the officer as its author, and the
    # record is found by its name typed without accents.
    assert mien_dong.history.get().history_user == officer
    assert mien_dong.history.get().history_type == "+"
    assert list(search(Collective.objects.all(), "mien dong huc dong")) == [mien_dong]


def test_it_reads_csv_with_or_without_bom_and_with_semicolons(officer):
    for content in (csv_bytes(COLLECTIVE_HEADERS, GOOD_COLLECTIVES[:1]),
                    csv_bytes(COLLECTIVE_HEADERS, GOOD_COLLECTIVES[:1], bom=False),
                    csv_bytes(COLLECTIVE_HEADERS, GOOD_COLLECTIVES[:1], delimiter=";")):
        result = run("collectives", officer, content, filename="file.csv", commit=False)
        assert result.ok, result.issues
        assert result.created == 1


def test_it_refuses_a_csv_that_is_not_utf8_and_a_file_of_another_type(officer):
    latin = "Tên tổ chức\nHợp tác xã\n".encode("cp1258", errors="replace")
    result = run("collectives", officer, b"\xff\xfe" + latin, filename="file.csv")
    assert "UTF-8" in result.issues[0].message
    result = run("collectives", officer, b"hello", filename="file.pdf")
    assert ".xlsx" in result.issues[0].message
    result = run("collectives", officer, b"not a zip", filename="file.xlsx")
    assert "Excel" in result.issues[0].message


def test_it_names_a_missing_required_column(officer):
    result = run("collectives", officer, xlsx_bytes(["Tên tổ chức"], [["HTX A"]]))
    messages = " ".join(i.message for i in result.issues)
    assert "Loại hình" in messages and "Ngày thành lập" in messages
    assert Collective.objects.count() == 0


def test_it_lists_every_bad_cell_and_saves_nothing(officer, units):
    # Given a collective that belongs to another district (outside the officer's scope)
    ha_long = AdministrativeUnit.objects.create(code="06700", name="Phường Hạ Long", level="commune",
                                                parent=units["22"])
    CollectiveFactory(registration_code="5709999999", unit=ha_long, name="HTX ở Hạ Long")
    future = (today() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    rows = [
        GOOD_COLLECTIVES[0],                                                              # row 2: good
        ["5701000003", "HTX Không có xã", "htx", "Xã Không Tồn Tại", "", "01/01/2019", ""],   # 3 unknown commune
        ["5701000001", "HTX Trùng mã", "htx", "Hoành Mô", "", "01/01/2019", ""],              # 4 duplicate in file
        ["5709999999", "HTX Mã của nơi khác", "htx", "Hoành Mô", "", "01/01/2019", ""],       # 5 code used outside
        ["5701000005", "HTX Vốn chữ", "htx", "Hoành Mô", "", "01/01/2019", "một tỷ"],         # 6 text in number
        ["5701000006", "HTX Tương lai", "htx", "Hoành Mô", "", future, ""],                   # 7 future date
        ["5701000007", "HTX Loại lạ", "công ty", "Hoành Mô", "thủ công", "01/01/2019", ""],   # 8 unknown codes
        ["5701000008", "Tổ hợp tác có mã", "tht", "Hoành Mô", "", "01/01/2019", ""],          # 9 THT with a code
        ["5701000009", "", "htx", "Hoành Mô", "", "31/02/2019", "-5"],                        # 10 empty, bad date
        ["5701000010", "HTX Vốn âm", "htx", "Hoành Mô", "", "01/01/2019", "-5.000"],          # 11 negative
    ]

    result = run("collectives", officer, xlsx_bytes(COLLECTIVE_HEADERS, rows))

    cells = issues_by_cell(result)
    assert cells[(3, "Xã / phường / thị trấn")].startswith("Không tìm thấy xã")
    assert cells[(4, "Mã số HTX / mã số thuế")] == "Mã số 5701000001 trùng với dòng 2 của tệp."
    assert "ngoài phạm vi" in cells[(5, "Mã số HTX / mã số thuế")]
    assert cells[(6, "Vốn điều lệ (đồng)")] == "“một tỷ”: hãy nhập một số nguyên, ví dụ 1.234.567 (không nhập chữ)."
    assert cells[(7, "Ngày thành lập")] == "Ngày không được ở tương lai."
    assert "không có trong danh mục" in cells[(8, "Loại hình")]
    assert "không có trong danh mục" in cells[(8, "Lĩnh vực")]
    assert "Tổ hợp tác không có mã số" in cells[(9, "Mã số HTX / mã số thuế")]
    assert cells[(10, "Tên tổ chức")] == "Ô này không được để trống."
    assert cells[(10, "Ngày thành lập")] == "“31/02/2019”: ngày 31/02/2019 không có trên lịch."
    assert cells[(11, "Vốn điều lệ (đồng)")] == "Vốn điều lệ không được âm."
    assert result.bad_rows == 9 and not result.committed
    # Nothing saved: not even the good row 2, and no history.
    assert Collective.objects.count() == 1
    assert Collective.history.filter(registration_code="5701000001").count() == 0


def test_importing_the_same_file_twice_changes_nothing(officer):
    content = xlsx_bytes(COLLECTIVE_HEADERS, GOOD_COLLECTIVES)
    run("collectives", officer, content)
    versions = dict(Collective.objects.values_list("name", "version"))
    history = Collective.history.count()

    again = run("collectives", officer, content)

    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert dict(Collective.objects.values_list("name", "version")) == versions
    assert Collective.history.count() == history


def test_a_changed_row_updates_only_its_record(officer):
    run("collectives", officer, xlsx_bytes(COLLECTIVE_HEADERS, GOOD_COLLECTIVES))
    changed = [list(r) for r in GOOD_COLLECTIVES]
    changed[1][6] = "300.000.000"

    result = run("collectives", officer, xlsx_bytes(COLLECTIVE_HEADERS, changed))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 2)
    dau_so = Collective.objects.get(registration_code="5701000002")
    assert dau_so.charter_capital == 300_000_000 and dau_so.version == 2
    assert dau_so.history.count() == 2


def test_rows_outside_the_officers_scope_are_errors(commune_officer):
    # The officer of Hoành Mô may not register a collective in Lục Hồn.
    rows = [["5701000001", "HTX Hoành Mô", "htx", "Hoành Mô", "", "01/01/2019", ""],
            ["5701000002", "HTX Lục Hồn", "htx", "Xã Lục Hồn", "", "01/01/2019", ""]]

    result = run("collectives", commune_officer, xlsx_bytes(COLLECTIVE_HEADERS, rows))

    assert issues_by_cell(result) == {(3, "Xã / phường / thị trấn"): "Xã Lục Hồn nằm ngoài phạm vi của bạn."}
    assert Collective.objects.count() == 0


def test_annual_reports_of_collectives_outside_scope_are_errors(commune_officer, units):
    CollectiveFactory(registration_code="5701000009", unit=units["06856"])  # Lục Hồn
    result = run("annual_reports", commune_officer,
                 xlsx_bytes(REPORT_HEADERS, [["5701000009", "", 2022, 10, 2, "1.000", "0", "", "", ""]]))
    assert issues_by_cell(result) == {
        (2, "Mã số HTX / mã số thuế"): "Tổ chức có mã số 5701000009 nằm ngoài phạm vi của bạn."}
    assert AnnualReport.objects.count() == 0


def test_annual_reports_are_matched_by_code_and_year(officer, units):
    htx = CollectiveFactory(registration_code="5701000001", established_on=datetime.date(2015, 1, 1))
    tht = CollectiveFactory(kind="tht", registration_code=None, name="Tổ hợp tác Chè Vô Ngại", unit=units["06853"])
    rows = [
        ["5701000001", "", 2022, 25, 12, "2.500.000.000", "-20.000.000", "", "72,5", "Có"],
        ["5701000001", "", 2023, "30", "14", 3_000_000_000, 150_000_000, "Tốt", 85, "Không"],
        [None, "to hop tac che vo ngai", 2023, 8, 0, "120.000.000", "5.000.000", "", "", ""],
    ]
    content = xlsx_bytes(REPORT_HEADERS, rows)

    result = run("annual_reports", officer, content)

    assert result.ok, result.issues
    report = AnnualReport.objects.get(collective=htx, year=2022)
    assert report.revenue == 2_500_000_000 and report.profit == -20_000_000
    assert report.classification == "fair"  # from the score, per Circular 01/2020
    assert report.value_chain is True
    assert AnnualReport.objects.get(collective=tht, year=2023).members == 8

    again = run("annual_reports", officer, content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert AnnualReport.history.count() == 3


def test_annual_report_errors_name_their_cells(officer):
    CollectiveFactory(registration_code="5701000001", established_on=datetime.date(2015, 1, 1))
    rows = [
        ["5701000001", "", 2022, 25, 12, "-5.000", "0", "", "", ""],           # negative revenue
        ["5701000001", "", 2022, 25, 12, "5.000", "0", "", "", ""],            # same year twice
        ["5701000404", "", 2022, 1, 1, "5.000", "0", "", "", ""],              # unknown code
        ["5701000001", "", 2023, "mười", 1, "5.000", "0", "Giỏi", "", "có lẽ"],  # text, bad class, bad bool
        ["5701000001", "", 2021, 1, 1, "5.000", "0", "Tốt", "55", ""],         # class contradicts score
        ["5701000001", "", 2010, 1, 1, "5.000", "0", "", "", ""],              # before establishment
    ]

    result = run("annual_reports", officer, xlsx_bytes(REPORT_HEADERS, rows))

    cells = issues_by_cell(result)
    assert cells[(2, "Doanh thu (đồng)")] == "Số tiền không được âm."
    assert cells[(3, "Năm")] == "Số liệu năm 2022 của tổ chức này trùng với dòng 2 của tệp."
    assert cells[(4, "Mã số HTX / mã số thuế")] == "Không tìm thấy tổ chức có mã số 5701000404."
    assert "hãy nhập một số nguyên" in cells[(5, "Số thành viên")]
    assert "không có trong danh mục" in cells[(5, "Xếp loại")]
    assert "Có" in cells[(5, "Gắn với chuỗi giá trị")]
    assert cells[(6, "Xếp loại")] == "Với 55 điểm, xếp loại phải là “Trung bình”."
    assert "thành lập năm 2015" in cells[(7, "Năm")]
    assert AnnualReport.objects.count() == 0


def test_a_score_out_of_range_names_its_row(officer):
    CollectiveFactory(registration_code="5701000001", established_on=datetime.date(2015, 1, 1))
    rows = [["5701000001", "", 2022, 25, 12, "5.000", "0", "", "", ""],
            ["5701000001", "", 2023, 25, 12, "5.000", "0", "", "150", ""]]

    result = run("annual_reports", officer, xlsx_bytes(REPORT_HEADERS, rows))

    assert [(i.row, i.message) for i in result.issues] == [(3, "Điểm đánh giá phải từ 0 đến 100.")]
    assert AnnualReport.objects.count() == 0


PEOPLE_HEADERS = ["Họ và tên", "Năm sinh", "Xã / phường / thị trấn (nơi ở)", "Giới tính", "Dân tộc",
                  "Trình độ chuyên môn", "Mã số HTX của tổ chức", "Loại thành viên", "Ngày gia nhập",
                  "Vốn góp (đồng)", "Chức danh quản lý", "Ngày bắt đầu giữ chức danh"]


def test_people_with_memberships_and_roles(officer):
    a = CollectiveFactory(registration_code="5701000001", established_on=datetime.date(2015, 1, 1))
    b = CollectiveFactory(registration_code="5701000002", established_on=datetime.date(2015, 1, 1))
    rows = [
        ["Hoàng Thị Lan", 1982, "Hoành Mô", "Nữ", "Tày", "Trung cấp", "5701000001", "Chính thức", "01/02/2019",
         "20.000.000", "Giám đốc", "01/02/2019"],
        ["Hoàng Thị Lan", 1982, "Hoành Mô", "Nữ", "Tày", "Trung cấp", "5701000002", "Liên kết", "01/02/2020",
         "", "", ""],
        ["Lý Văn Sáng", 1975, "Đồng Văn", "Nam", "Dao", "", "5701000001", "official", "01/03/2019", "", "", ""],
    ]
    content = xlsx_bytes(PEOPLE_HEADERS, rows)

    result = run("people", officer, content)

    assert result.ok, result.issues
    lan = Person.objects.get(full_name="Hoàng Thị Lan")
    assert lan.education == "intermediate" and lan.gender == "female"
    assert set(Membership.objects.filter(person=lan).values_list("collective", "member_type")) == {
        (a.pk, "official"), (b.pk, "associate")}
    assert ManagementRole.objects.get(person=lan).role == "director"
    assert Person.objects.count() == 2

    again = run("people", officer, content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Person.history.count() == 2 and Membership.history.count() == 3


def test_people_rows_that_disagree_or_lack_a_date_are_errors(officer):
    CollectiveFactory(registration_code="5701000001", established_on=datetime.date(2015, 1, 1))
    rows = [
        ["Hoàng Thị Lan", 1982, "Hoành Mô", "Nữ", "", "", "5701000001", "Chính thức", "01/02/2019", "", "", ""],
        ["Hoàng Thị Lan", 1982, "Hoành Mô", "Nam", "", "", "", "", "", "", "", ""],
        ["Lý Văn Sáng", 1975, "Đồng Văn", "", "", "", "5701000001", "Chính thức", "", "", "", ""],
    ]
    cells = issues_by_cell(run("people", officer, xlsx_bytes(PEOPLE_HEADERS, rows)))
    assert cells[(3, "Giới tính")] == "Thông tin của người này khác với dòng 2 của tệp."
    assert cells[(4, "Ngày gia nhập")] == "Hãy nhập ngày gia nhập."
    assert Person.objects.count() == 0


OCOP_HEADERS = ["Tên sản phẩm", "Nhóm sản phẩm", "Mã số HTX chủ thể", "Loại chủ thể", "Tên chủ thể",
                "Xã / phường / thị trấn", "Ngày tham gia chương trình", "Số sao", "Điểm",
                "Số quyết định công nhận", "Ngày quyết định"]


def test_ocop_products_with_ratings(officer):
    htx = CollectiveFactory(registration_code="5701000001", established_on=datetime.date(2015, 1, 1))
    rows = [
        ["Miến dong Bình Liêu", "Thực phẩm", "5701000001", "", "", "", "01/06/2019", 3, "65", "12/QĐ-UBND",
         "15/09/2019"],
        ["Miến dong Bình Liêu", "Thực phẩm", "5701000001", "", "", "", "01/06/2019", 4, "75,5", "99/QĐ-UBND",
         "20/10/2022"],
        ["Trà giảo cổ lam", "Dược liệu", "", "Hộ sản xuất", "Hộ Lý Văn Sáng", "Đồng Văn", "01/01/2021", "", "",
         "", ""],
    ]
    content = xlsx_bytes(OCOP_HEADERS, rows)

    result = run("ocop", officer, content)

    assert result.ok, result.issues
    product = OcopProduct.objects.get(producer=htx)
    assert list(product.ratings.order_by("decided_on").values_list("stars", flat=True)) == [3, 4]
    assert product.ratings.get(stars=3).valid_until == datetime.date(2022, 9, 15)
    assert OcopProduct.objects.get(producer__isnull=True).unit.code == "06847"

    again = run("ocop", officer, content)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert OcopRating.history.count() == 2 and OcopProduct.history.count() == 2


def test_ocop_rating_errors(officer):
    CollectiveFactory(registration_code="5701000001", established_on=datetime.date(2015, 1, 1))
    rows = [
        ["Miến dong", "Thực phẩm", "5701000001", "", "", "", "01/06/2019", 6, "", "12/QĐ-UBND", "15/09/2019"],
        ["Mật ong", "Thực phẩm", "5701000001", "", "", "", "01/06/2019", 3, "", "", "15/09/2019"],
        ["Dầu sở", "Thực phẩm", "5701000001", "", "", "", "01/06/2019", 3, "", "13/QĐ", "15/09/2018"],
    ]
    cells = issues_by_cell(run("ocop", officer, xlsx_bytes(OCOP_HEADERS, rows)))
    assert cells[(2, "Số sao")] == "Số sao phải từ 1 đến 5."
    assert cells[(3, "Số quyết định công nhận")] == "Hãy nhập số quyết định công nhận."
    assert "trước ngày sản phẩm tham gia" in cells[(4, "Ngày quyết định")]
    assert OcopProduct.objects.count() == 0


def test_a_viewer_cannot_import_even_through_the_service(viewer):
    rows = [["5701000001", "HTX A", "htx", "Hoành Mô", "", "01/01/2019", ""]]
    result = run("collectives", viewer, xlsx_bytes(COLLECTIVE_HEADERS, rows))
    assert "chỉ có quyền xem" in result.issues[0].message
    assert Collective.objects.count() == 0


def test_a_dissolution_in_the_file_goes_through_the_dissolve_service(officer):
    headers = [*COLLECTIVE_HEADERS, "Ngày giải thể", "Số quyết định giải thể", "Hình thức giải thể"]
    run("collectives", officer, xlsx_bytes(COLLECTIVE_HEADERS, GOOD_COLLECTIVES[:1]))
    dissolved = [[*GOOD_COLLECTIVES[0], "30/06/2023", "15/QĐ-UBND", "Tự nguyện"]]

    result = run("collectives", officer, xlsx_bytes(headers, dissolved))

    assert result.ok and result.updated == 1
    htx = Collective.objects.get(registration_code="5701000001")
    assert (htx.dissolved_on, htx.dissolution_decision, htx.dissolution_kind) == (
        datetime.date(2023, 6, 30), "15/QĐ-UBND", "voluntary")
    assert run("collectives", officer, xlsx_bytes(headers, dissolved)).unchanged == 1
    assert htx.history.count() == 2
    # A recorded dissolution is corrected like any field (cooperatives.services.collective_update).
    other_day = [[*GOOD_COLLECTIVES[0], "01/07/2023", "15/QĐ-UBND", "Tự nguyện"]]
    corrected = run("collectives", officer, xlsx_bytes(headers, other_day))
    assert corrected.ok and corrected.updated == 1
    htx.refresh_from_db()
    assert htx.dissolved_on == datetime.date(2023, 7, 1) and htx.history.count() == 3


def test_when_the_database_refuses_a_batch_rows_are_written_one_by_one(officer, monkeypatch):
    # Given a batch the database refuses (e.g. a code registered meanwhile by someone else)
    def refuse(*args, **kwargs):
        raise IntegrityError("refused")

    monkeypatch.setattr("imports.services.base.scoped_bulk_create", refuse)
    taken = CollectiveFactory(registration_code="5701000002", name="Đã có")
    rows = [GOOD_COLLECTIVES[0], GOOD_COLLECTIVES[2]]

    result = run("collectives", officer, xlsx_bytes(COLLECTIVE_HEADERS, rows))

    # then each row goes through scoped_create, which names a row it refuses.
    assert result.ok and result.created == 2
    assert Collective.objects.count() == 3 and taken.version == 1
    assert Collective.history.filter(history_user=officer).count() == 2
