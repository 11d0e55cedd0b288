from django.urls import path

from openiop.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/", views.export, name="export"),
    path("runs/<int:pk>/", views.run, name="run"),
    path("runs/<int:pk>/download/", views.run_download, name="run-download"),
]
