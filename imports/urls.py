from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.upload, name="upload"),
    path("<slug:kind>/template.xlsx", views.template_download, name="template"),
    path("<slug:kind>/done/", views.done, name="done"),
    path("preview/<uuid:token>/", views.preview, name="preview"),
]
