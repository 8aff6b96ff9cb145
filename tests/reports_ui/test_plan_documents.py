"""An admin sets who issues, signs and receives a plan's report in the plan editor; the report
and a cloned plan carry them."""

import io

import pytest
from django.urls import reverse
from docx import Document

from reports.models import Plan
from reports.services import plan_clone

pytestmark = pytest.mark.django_db

SETTINGS = {
    "parent_body": "UBND HUYỆN BÌNH LIÊU", "issuing_body": "PHÒNG TÀI CHÍNH - KẾ HOẠCH",
    "document_symbol": "BC-TCKH", "place_name": "Bình Liêu", "signer_authority": "KT. TRƯỞNG PHÒNG",
    "signer_position": "PHÓ TRƯỞNG PHÒNG", "signer_name": "Lục Thị Hoa",
    "recipients": "UBND huyện (b/c)\nLưu: VT, TCKH.",
}


def form_data(plan) -> dict:
    return {"version": plan.version, "code": plan.code, "title": plan.title, "unit": plan.unit_id,
            "baseline_year": plan.baseline_year, "target_year": plan.target_year, "legal_basis": plan.legal_basis,
            "targets-TOTAL_FORMS": 0, "targets-INITIAL_FORMS": 0, "targets-MIN_NUM_FORMS": 0,
            "targets-MAX_NUM_FORMS": 1000, **SETTINGS}


def test_an_admin_sets_the_document_in_the_plan_editor(client, admin_user, plan, registry):
    client.force_login(admin_user)
    page = client.get(reverse("reports:plan_edit", args=[plan.code])).content.decode()
    assert "Văn bản báo cáo (Nghị định 30/2020/NĐ-CP)" in page and 'name="signer_name"' in page
    assert 'value="TM. ỦY BAN NHÂN DÂN"' in page  # the defaults a new plan starts with
    response = client.post(reverse("reports:plan_edit", args=[plan.code]), form_data(plan))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert {name: getattr(plan, name) for name in Plan.DOCUMENT_FIELDS} == SETTINGS
    assert plan.history.first().signer_name == "Lục Thị Hoa"  # kept in history like every change

    text = "\n".join(cell.text for table in Document(io.BytesIO(client.get(
        reverse("reports:docx"), {"plan": plan.code}).content)).tables for row in table.rows for cell in row.cells)
    for part in ("UBND HUYỆN BÌNH LIÊU", "PHÒNG TÀI CHÍNH - KẾ HOẠCH", "/BC-TCKH", "KT. TRƯỞNG PHÒNG",
                 "PHÓ TRƯỞNG PHÒNG", "Lục Thị Hoa", "- UBND huyện (b/c);", "- Lưu: VT, TCKH."):
        assert part in text, part


def test_a_clone_keeps_the_document_settings(admin_user, plan):
    for name, value in SETTINGS.items():
        setattr(plan, name, value)
    plan.save()
    clone = plan_clone(plan, actor=admin_user, code="ui-2024")
    assert {name: getattr(clone, name) for name in Plan.DOCUMENT_FIELDS} == SETTINGS
