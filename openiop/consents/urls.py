from django.urls import path

from openiop.consents import directory_views, portal_views, views

app_name = "consents"
urlpatterns = [
    # staff
    path("clients/<int:client_id>/admission/", views.admission, name="admission"),
    path("clients/<int:client_id>/releases/new/", views.release_create, name="release_create"),
    path("clients/<int:client_id>/disclosures/new/", views.disclosure_create, name="disclosure_create"),
    path("clients/<int:client_id>/accounting/", views.accounting, name="accounting"),
    path("clients/<int:client_id>/accounting.pdf", views.accounting_pdf, name="accounting_pdf"),
    path("clients/<int:client_id>/referrals/new/", directory_views.referral_create, name="referral_create"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/sign/", views.sign, name="sign"),
    path("documents/<int:pk>/pdf/", views.document_pdf, name="document_pdf"),
    path("documents/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("documents/<int:pk>/decline/", views.decline, name="decline"),
    path("disclosures/", views.disclosure_log, name="disclosure_log"),
    path("disclosures/<int:pk>/pdf/", views.disclosure_pdf, name="disclosure_pdf"),
    path("providers/", directory_views.providers, name="providers"),
    path("providers/new/", directory_views.provider_create, name="provider_create"),
    path("providers/<int:pk>/edit/", directory_views.provider_edit, name="provider_edit"),
    path("referrals/", directory_views.referral_list, name="referrals"),
    path("referrals/<int:pk>/", directory_views.referral, name="referral"),
    path("templates/", directory_views.template_list, name="templates"),
    path("templates/new/", directory_views.template_create, name="template_create"),
    # the client's own pages
    path("my/", portal_views.my_documents, name="my_documents"),
    path("my/<int:pk>/sign/", portal_views.my_sign, name="my_sign"),
    path("my/<int:pk>/pdf/", portal_views.my_pdf, name="my_pdf"),
    path("my/<int:pk>/decline/", portal_views.my_decline, name="my_decline"),
    path("my/<int:pk>/revoke/", portal_views.my_revoke, name="my_revoke"),
    path("my/accounting/", portal_views.my_accounting, name="my_accounting"),
    path("my/accounting.pdf", portal_views.my_accounting_pdf, name="my_accounting_pdf"),
]
