"""Pages leadership sees: dashboard, indicator page, the report (print, DOCX, PDF), export, data quality, plans."""

from reports.views.dashboard import (
    dashboard,
    export_xlsx,
    print_report,
    quality_list,
    report_docx,
    report_pdf,
)
from reports.views.indicator import indicator_detail
from reports.views.plans import plan_clone_view, plan_create_view, plan_edit, plan_list

__all__ = [
    "dashboard", "export_xlsx", "indicator_detail", "plan_clone_view", "plan_create_view", "plan_edit",
    "plan_list", "print_report", "quality_list", "report_docx", "report_pdf",
]
