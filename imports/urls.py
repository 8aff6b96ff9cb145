from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/", views.upload, name="upload"),
    path("<slug:kind>/template.xlsx", views.template_download, name="template"),
    path("preview/<uuid:token>/", views.preview, name="preview"),
    path("preview/<uuid:token>/errors.xlsx", views.error_file, name="error_file"),
    path("done/<uuid:token>/", views.done, name="done"),
]
