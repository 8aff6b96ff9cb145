"""Ethnicity from the official list of 54 groups with GSO codes (domain.md, decision 26):
one module (cooperatives.ethnicity), a select on the page, a code in the API and the
admin, names read by the importer, and free text of before mapped by the migration with
nothing lost silently."""

import io

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from cooperatives.ethnicity import Ethnicity, ethnicity_from_text
from cooperatives.models import Person
from imports.services import IMPORTERS, import_file
from imports.services.workbook import template_bytes
from tests.api.conftest import token_client
from tests.imports.helpers import xlsx_bytes
from tests.pages.conftest import client_for


def test_the_list_has_the_54_groups_with_their_gso_codes():
    assert len(Ethnicity.choices) == 54
    assert [c for c, _n in Ethnicity.choices] == [f"{n:02d}" for n in range(1, 55)]
    assert (Ethnicity("01").label, Ethnicity("02").label, Ethnicity("04").label) == ("Kinh", "Tày", "Hoa")
    assert (Ethnicity("09").label, Ethnicity("15").label, Ethnicity("54").label) == ("Dao", "Sán Chay", "Rơ-măm")


@pytest.mark.parametrize(("text", "found"), [
    ("Tày", ("02", "")), ("tay", ("02", "")), ("Sán Chay", ("15", "")), ("Sán Chỉ", ("15", "Sán Chỉ")),
    ("Cao Lan", ("15", "Cao Lan")), ("H'Mông", ("08", "")), ("Mèo", ("08", "")), ("gia rai", ("10", "")),
    ("Khmer", ("05", "")), ("09", ("09", "")), ("Người Sao Hỏa", None), ("", None),
])
def test_it_reads_the_names_officers_write(text, found):
    assert (None if (r := ethnicity_from_text(text)) is None else (str(r[0]), r[1])) == found


def test_the_person_page_offers_a_select_and_stores_the_code(officer, units):
    client = client_for(officer)
    url = reverse("cooperatives:person_create")
    page = client.get(url).content.decode()
    assert '<select name="ethnicity"' in page
    assert '<option value="15">Sán Chay</option>' in page
    base = {"full_name": "Chíu Thị Lan", "kind": "individual", "gender": "female", "education": "none",
            "unit": units["06859"].pk, "ethnic_subgroup": "Sán Chỉ"}
    refused = client.post(url, {**base, "ethnicity": "Sán Chay"})  # a name is no choice of the select
    assert "ethnicity" in refused.context["form"].errors
    assert client.post(url, {**base, "ethnicity": "15"}).status_code == 302
    person = Person.objects.get()
    assert (person.ethnicity, person.get_ethnicity_display(), person.ethnic_subgroup) == ("15", "Sán Chay", "Sán Chỉ")


def test_the_api_takes_a_code_and_gives_the_name_too(officer, units):
    api = token_client(officer)
    body = {"full_name": "Hoàng Văn A", "kind": "individual", "ethnicity": "Tày", "education": "none",
            "unit": "06841"}
    refused = api.post("/api/v1/people/", body, format="json")
    assert refused.status_code == 400
    assert "ethnicity" in refused.json()
    created = api.post("/api/v1/people/", {**body, "ethnicity": "02"}, format="json")
    assert created.status_code == 201, created.content
    assert (created.json()["ethnicity"], created.json()["ethnicity_name"]) == ("02", "Tày")


def test_the_importer_reads_names_and_refuses_an_unknown_group(officer, units):
    headers = ["Họ và tên", "Năm sinh", "Xã / phường / thị trấn (nơi ở)", "Dân tộc", "Nhóm địa phương"]
    rows = [["Hoàng Văn A", 1980, "Xã Hoành Mô", "tay", ""], ["Lý Thị B", 1985, "Xã Hoành Mô", "Sao Hỏa", ""]]
    result = import_file("people", actor=officer, content=xlsx_bytes(headers, rows), filename="p.xlsx", commit=True)
    assert not result.ok
    [issue] = result.issues
    assert issue.row == 3
    assert "không có trong danh mục 54 dân tộc" in issue.message
    assert not Person.objects.exists()
    result = import_file("people", actor=officer, content=xlsx_bytes(headers, rows[:1]), filename="p.xlsx",
                         commit=True)
    assert result.ok, result.issues
    assert Person.objects.get().ethnicity == "02"


@pytest.mark.django_db(transaction=True)
def test_the_migration_maps_free_text_and_keeps_what_it_cannot_map(units, capsys):
    executor = MigrationExecutor(connection)
    before, after = [("cooperatives", "0003_year_approval")], [("cooperatives", "0004_ethnicity_codes")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldPerson = old_apps.get_model("cooperatives", "Person")
    unit_id = units["06841"].pk
    tay, san_chi, odd = (OldPerson.objects.create(full_name=n, ethnicity=e, ethnic_subgroup=s, unit_id=unit_id,
                                                  kind="individual", education="none", version=1,
                                                  created_at=timezone.now(), updated_at=timezone.now())
                         for n, e, s in (("A", "Tày", ""), ("B", "Sán Chỉ", ""), ("C", "Người Sao Hỏa", "Xóm 3")))
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    got = {p.pk: (p.ethnicity, p.ethnic_subgroup) for p in Person.objects.all()}
    assert got == {tay.pk: ("02", ""), san_chi.pk: ("15", "Sán Chỉ"), odd.pk: ("", "Xóm 3 (Người Sao Hỏa)")}
    assert f"'Người Sao Hỏa': 1 people, ids [{odd.pk}]" in capsys.readouterr().out


def test_the_importer_keeps_a_local_group_as_the_person_page_does(officer, units):
    # The page: group 15 chosen, "Sán Chỉ" typed as the local group. The file: "Sán Chỉ" as
    # the ethnicity gives the same person (cooperatives.ethnicity.person_ethnicity).
    headers = ["Họ và tên", "Năm sinh", "Xã / phường / thị trấn (nơi ở)", "Dân tộc", "Nhóm địa phương"]
    rows = [["Chíu Thị Lan", 1980, "Xã Húc Động", "Sán Chỉ", ""],
            ["Chíu Văn Ba", 1981, "Xã Húc Động", "san chi", "Sán Chỉ Húc Động"],  # the row's own subgroup wins
            ["Hoàng Văn Tư", 1982, "Xã Húc Động", "Tày", ""]]
    result = import_file("people", actor=officer, content=xlsx_bytes(headers, rows), filename="p.xlsx", commit=True)
    assert result.ok, result.issues
    got = {p.full_name: (p.ethnicity, p.ethnic_subgroup) for p in Person.objects.all()}
    assert got == {"Chíu Thị Lan": ("15", "Sán Chỉ"), "Chíu Văn Ba": ("15", "Sán Chỉ Húc Động"),
                   "Hoàng Văn Tư": ("02", "")}
    # A blank subgroup cell keeps what the person has: "Sán Chay" names no local group.
    again = [["Chíu Thị Lan", 1980, "Xã Húc Động", "Sán Chay", ""]]
    assert import_file("people", actor=officer, content=xlsx_bytes(headers, again), filename="p.xlsx",
                       commit=True).ok
    assert Person.objects.get(full_name="Chíu Thị Lan").ethnic_subgroup == "Sán Chỉ"


def test_the_import_template_offers_the_54_groups_in_a_drop_down(officer):
    importer = IMPORTERS["people"](officer)
    workbook = load_workbook(io.BytesIO(template_bytes(importer)))
    lists = {column[0].value: [c.value for c in column[1:] if c.value is not None]
             for column in workbook["Danh mục"].iter_cols()}
    assert lists["Dân tộc"] == [name for _code, name in Ethnicity.choices]
    letter = get_column_letter(next(i for i, c in enumerate(importer.columns, start=1) if c.key == "ethnicity"))
    data = workbook[str(importer.sheet_name)]
    assert any(str(v.sqref) == f"{letter}2:{letter}2001" for v in data.data_validations.dataValidation)
