from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from desk.views import home

# The admin names the app in the reader's language (Django's default is "Trang quản trị cho Django").
admin.site.site_header = _("Quản trị Coopreg")
admin.site.site_title = _("Quản trị Coopreg")
admin.site.index_title = _("Quản trị hệ thống")

urlpatterns = [
    path("", home, name="home"),
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
