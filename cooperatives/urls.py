from django.urls import path

from cooperatives import pickers
from cooperatives.views import activities, approval, collectives, people, sheet

app_name = "cooperatives"
urlpatterns = [
    path("", collectives.collective_list, name="collective_list"),
    path("new/", collectives.collective_create, name="collective_create"),
    path("<int:pk>/", collectives.collective_detail, name="collective_detail"),
    path("<int:pk>/edit/", collectives.collective_edit, name="collective_edit"),
    path("<int:pk>/suspend/", collectives.collective_suspend, name="collective_suspend"),
    path("<int:pk>/resume/", collectives.collective_resume, name="collective_resume"),
    path("<int:pk>/dissolve/", collectives.collective_dissolve, name="collective_dissolve"),
    path("<int:pk>/reports/new/", collectives.annual_report_create, name="annual_report_create"),
    path("reports/<int:pk>/edit/", collectives.annual_report_edit, name="annual_report_edit"),
    path("<int:pk>/members/new/", collectives.membership_create, name="membership_create"),
    path("members/<int:pk>/edit/", collectives.membership_edit, name="membership_edit"),
    path("<int:pk>/managers/new/", collectives.role_create, name="role_create"),
    path("managers/<int:pk>/edit/", collectives.role_edit, name="role_edit"),
    path("sheet/", sheet.entry_sheet, name="entry_sheet"),
    path("sheet/<int:pk>/", sheet.entry_sheet_row, name="entry_sheet_row"),
    path("sheet/paste/", sheet.entry_sheet_paste, name="entry_sheet_paste"),
    path("approval/", approval.approval_overview, name="approval_overview"),
    path("approval/<int:pk>/<int:year>/", approval.approval_unit, name="approval_unit"),
    path("approval/<int:pk>/<int:year>/<slug:action>/", approval.approval_transition, name="approval_transition"),
    path("people/", people.person_list, name="person_list"),
    path("people/new/", people.person_create, name="person_create"),
    path("people/<int:pk>/", people.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path("trainings/", activities.training_list, name="training_list"),
    path("trainings/new/", activities.training_create, name="training_create"),
    path("trainings/<int:pk>/", activities.training_detail, name="training_detail"),
    path("trainings/<int:pk>/edit/", activities.training_edit, name="training_edit"),
    path("events/", activities.event_list, name="event_list"),
    path("events/new/", activities.event_create, name="event_create"),
    path("events/<int:pk>/", activities.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", activities.event_edit, name="event_edit"),
    # Search-box pickers' endpoints (cooperatives.pickers; JSON, in the user's scope).
    path("pick/people/", pickers.PeoplePicker.as_view(), name="pick_people"),
    path("pick/collectives/", pickers.CollectivesPicker.as_view(), name="pick_collectives"),
    path("pick/communes/", pickers.CommunesPicker.as_view(), name="pick_communes"),
    path("pick/units/", pickers.UnitsPicker.as_view(), name="pick_units"),
]
