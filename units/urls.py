from django.urls import path

from units import views

app_name = "units"
urlpatterns = [
    path("", views.statistic_list, name="statistic_list"),
    path("new/", views.statistic_create, name="statistic_create"),
    path("<int:pk>/edit/", views.statistic_edit, name="statistic_edit"),
]
