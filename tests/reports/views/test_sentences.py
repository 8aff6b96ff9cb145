"""The sentence generator of the printed report: one sentence per kind and status."""

from decimal import Decimal
from types import SimpleNamespace

from reports.engine import TargetSpec
from reports.sentences import format_target, growth_subject, sentence


def row(**kw):
    base = {"name_vi": "Chỉ tiêu", "unit": "count", "value": None, "baseline": None, "numerator": None,
            "denominator": None, "target": None, "status": None, "no_data_reason": None, "result": None}
    base.update(kw)
    return SimpleNamespace(**base)


def between(low, high):
    return TargetSpec("between", Decimal(str(low)), Decimal(str(high)))


def test_growth_above_a_range_reads_like_the_seed_report():
    r = row(name_vi="Tốc độ tăng số thành viên và lao động thường xuyên", unit="ratio", value=Decimal("0.224"),
            target=between("0.05", "0.07"), status="exceeded")
    assert sentence(r, kind="growth", baseline_year=2022) == (
        "Số thành viên và lao động thường xuyên tăng 22,4% so với năm 2022, vượt chỉ tiêu 5–7%.")


def test_growth_inside_and_below_the_range():
    target = between("0.8", "1.0")
    met = row(name_vi="Tốc độ tăng doanh thu của HTX", unit="ratio", value=Decimal("0.85"), target=target, status="met")
    assert sentence(met, kind="growth", baseline_year=2022) == (
        "Doanh thu của HTX tăng 85,0% so với năm 2022, đạt chỉ tiêu 80–100%.")
    fell = row(name_vi="Tốc độ tăng doanh thu của HTX", unit="ratio", value=Decimal("-0.031"), target=target,
               status="not_met")
    assert sentence(fell, kind="growth", baseline_year=2022) == (
        "Doanh thu của HTX giảm 3,1% so với năm 2022, chưa đạt chỉ tiêu 80–100%.")


def test_growth_uses_the_year_the_engine_compared_with():
    r = row(name_vi="Tốc độ tăng doanh thu của HTX", unit="ratio", value=Decimal("0"),
            result=SimpleNamespace(baseline_year=2021))
    assert sentence(r, kind="growth", baseline_year=2022) == "Doanh thu của HTX không đổi so với năm 2021."


def test_share_gives_numerator_and_denominator():
    r = row(name_vi="Tỷ lệ HTX hoạt động hiệu quả", unit="ratio", value=Decimal("0.45"), numerator=9, denominator=20,
            target=TargetSpec("at_least", Decimal("0.5"), None), status="not_met")
    assert sentence(r, kind="share", baseline_year=2022) == (
        "Tỷ lệ HTX hoạt động hiệu quả đạt 45,0% (9/20), chưa đạt chỉ tiêu tối thiểu 50%.")


def test_count_with_its_baseline_and_each_status():
    r = row(name_vi="Số HTX thành lập mới", value=4, baseline=2, target=TargetSpec("at_least", Decimal(3), None),
            status="met")
    assert sentence(r, kind="count", baseline_year=2022) == (
        "Số HTX thành lập mới: 4 (năm 2022: 2), đạt chỉ tiêu tối thiểu 3.")
    r = row(name_vi="Số cuộc hội chợ", value=1234, baseline=None, target=between(5, 6), status="exceeded")
    assert sentence(r, kind="count", baseline_year=2022) == "Số cuộc hội chợ: 1.234, vượt chỉ tiêu 5–6."
    r = row(name_vi="Số HTX giải thể", value=0, baseline=1)
    assert sentence(r, kind="count", baseline_year=2022) == "Số HTX giải thể: 0 (năm 2022: 1)."


def test_no_data_says_why_and_never_a_zero():
    r = row(name_vi="Tốc độ tăng doanh thu của HTX", unit="ratio", target=TargetSpec("at_least", Decimal("0.1"), None),
            status="no_data", no_data_reason="Giá trị năm gốc 2022 bằng 0, không tính được tốc độ tăng.")
    assert sentence(r, kind="growth", baseline_year=2022) == (
        "Tốc độ tăng doanh thu của HTX: chưa có số liệu (Giá trị năm gốc 2022 bằng 0, không tính được tốc độ "
        "tăng) (chỉ tiêu tối thiểu 10%).")


def test_targets_print_without_needless_decimals():
    assert format_target(TargetSpec("at_most", None, Decimal("0.125")), "ratio") == "tối đa 12,5%"
    assert format_target(TargetSpec("at_least", Decimal("60.000000"), None), "count") == "tối thiểu 60"
    assert format_target(None, "count") == ""
    assert growth_subject("Tốc độ tăng thu nhập (lãi) của HTX") == "Thu nhập (lãi) của HTX"
