from django.contrib import admin
from django.urls import include, path

from accounts import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("registry/", include("cooperatives.urls")),
    path("ocop/", include("ocop.urls")),
    path("statistics/", include("cooperatives.statistics_urls")),
    path("reports/", include("reports.urls")),
    path("imports/", include("imports.urls")),
    path("api/v1/", include("coopreg.api_urls")),
]
