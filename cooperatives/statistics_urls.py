"""/statistics/: the unit statistics pages."""

from django.urls import path

from cooperatives.views import statistics as views

app_name = "statistics"
urlpatterns = [
    path("", views.statistic_list, name="statistic_list"),
    path("new/", views.statistic_create, name="statistic_create"),
    path("<int:pk>/edit/", views.statistic_edit, name="statistic_edit"),
]
