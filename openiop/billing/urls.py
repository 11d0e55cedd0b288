from django.urls import path

from openiop.billing import views

app_name = "billing"
urlpatterns = [
    path("", views.home, name="home"),
    path("charges/compute/", views.charges_compute, name="charges_compute"),
    path("claims/export/", views.claims_export, name="claims_export"),
    path("claims/<int:pk>/status/", views.claim_status, name="claim_status"),
    path("files/<int:pk>/", views.claim_file, name="claim_file"),
    path("remittances/import/", views.remittance_import, name="remittance_import"),
    path("clients/<int:client_pk>/authorizations/new/", views.authorization_create, name="authorization_create"),
    path("authorizations/<int:pk>/", views.authorization_detail, name="authorization"),
    path("authorizations/<int:pk>/review/", views.review_schedule, name="review_schedule"),
    path("reviews/<int:pk>/packet/", views.review_packet, name="review_packet"),
    path("reviews/<int:pk>/outcome/", views.review_outcome, name="review_outcome"),
]
