from django.urls import path

from ocop import views

app_name = "ocop"
urlpatterns = [
    path("", views.product_list, name="product_list"),
    path("new/", views.product_create, name="product_create"),
    path("lapsing/", views.lapsing, name="lapsing"),
    path("<int:pk>/", views.product_detail, name="product_detail"),
    path("<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("<int:pk>/ratings/new/", views.rating_create, name="rating_create"),
    path("ratings/<int:pk>/edit/", views.rating_edit, name="rating_edit"),
]
