from django.urls import path

from reports import pickers, views
from reports.views import publication

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("print/", views.print_report, name="print"),
    path("report.docx", views.report_docx, name="docx"),
    path("report.pdf", views.report_pdf, name="pdf"),
    path("export.xlsx", views.export_xlsx, name="export"),
    path("quality/<slug:key>/", views.quality_list, name="quality"),
    path("publish/", publication.publish_view, name="publish"),
    path("publications/<int:pk>/", publication.changes_view, name="publication_changes"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create_view, name="plan_create"),
    path("plans/<slug:code>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<slug:code>/clone/", views.plan_clone_view, name="plan_clone"),
    # The unit picker of the plan/year/unit selection (reports.pickers; JSON).
    path("pick/units/", pickers.ReportUnitsPicker.as_view(), name="pick_units"),
]
