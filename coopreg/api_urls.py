"""/api/v1/: each app contributes its viewsets from its `api` package (see api.md)."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from accounts.api import units
from accounts.api.views import ObtainTokenView, OwnTokenViewSet
from cooperatives.api import approval, statistics
from cooperatives.api import views as cooperatives
from ocop.api import views as ocop
from reports.api import publication
from reports.api import views as reports

router = DefaultRouter()
router.register("auth/tokens", OwnTokenViewSet, basename="api-own-token")
router.register("units", units.UnitViewSet, basename="unit")
router.register("statistics", statistics.UnitStatisticViewSet, basename="statistic")
router.register("collectives", cooperatives.CollectiveViewSet, basename="collective")
router.register("annual-reports", cooperatives.AnnualReportViewSet, basename="annual-report")
router.register("approvals", approval.YearApprovalViewSet, basename="approval")
router.register("people", cooperatives.PersonViewSet, basename="person")
router.register("memberships", cooperatives.MembershipViewSet, basename="membership")
router.register("management-roles", cooperatives.ManagementRoleViewSet, basename="management-role")
router.register("trainings", cooperatives.TrainingCourseViewSet, basename="training")
router.register("trade-events", cooperatives.TradeEventViewSet, basename="trade-event")
router.register("ocop/products", ocop.OcopProductViewSet, basename="ocop-product")
router.register("ocop/ratings", ocop.OcopRatingViewSet, basename="ocop-rating")
router.register("indicators", reports.IndicatorViewSet, basename="indicator")
router.register("plans", reports.PlanViewSet, basename="plan")
router.register("publications", publication.PublicationViewSet, basename="publication")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(permission_classes=[], authentication_classes=[]), name="api-schema"),
    # The split view loads Swagger UI's start-up code as a script of its own (docs/?script),
    # so the site's CSP (no inline script) holds here too; only its page's inline <style> and
    # its CSS's data: icons need more, granted to this view alone.
    path(
        "docs/",
        csp_update({"style-src": [UNSAFE_INLINE], "img-src": ["data:"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema", permission_classes=[], authentication_classes=[])
        ),
        name="api-docs",
    ),
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("approvals/<str:unit>/<int:year>/", approval.UnitYearView.as_view(), name="approval-unit-year"),
    *[path(f"approvals/<str:unit>/<int:year>/{action}/", approval.transition_view(action), name=f"approval-{action}")
      for action in approval.TRANSITION_SUMMARIES],
    path("completeness/", approval.CompletenessView.as_view(), name="completeness"),
    path("", include(router.urls)),
]
