from django.urls import path

from openiop.fhir import views

app_name = "fhir"

urlpatterns = [
    path("metadata", views.metadata, name="metadata"),
    path("Patient/$export", views.patient_export, name="patient-export"),
    path("Group/<str:group_id>/$export", views.group_export, name="group-export"),
    path("bulk/<str:export_id>", views.bulk_status, name="bulk-status"),
    path("bulk/<str:export_id>/<str:resource_type>.ndjson", views.bulk_file, name="bulk-file"),
    path("<str:resource_type>", views.search, name="search"),
    path("<str:resource_type>/<str:resource_id>", views.read, name="read"),
]
