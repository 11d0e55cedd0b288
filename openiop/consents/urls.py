from django.urls import path

from openiop.consents.views import directory, documents, portal

app_name = "consents"
urlpatterns = [
    # staff
    path("clients/<int:client_id>/admission/", documents.admission, name="admission"),
    path("clients/<int:client_id>/releases/new/", documents.release_create, name="release_create"),
    path("clients/<int:client_id>/disclosures/new/", documents.disclosure_create, name="disclosure_create"),
    path("clients/<int:client_id>/accounting/", documents.accounting, name="accounting"),
    path("clients/<int:client_id>/accounting.pdf", documents.accounting_pdf, name="accounting_pdf"),
    path("clients/<int:client_id>/referrals/new/", directory.referral_create, name="referral_create"),
    path("documents/<int:pk>/", documents.document, name="document"),
    path("documents/<int:pk>/sign/", documents.sign, name="sign"),
    path("documents/<int:pk>/pdf/", documents.document_pdf, name="document_pdf"),
    path("documents/<int:pk>/revoke/", documents.revoke, name="revoke"),
    path("documents/<int:pk>/decline/", documents.decline, name="decline"),
    path("disclosures/", documents.disclosure_log, name="disclosure_log"),
    path("disclosures/<int:pk>/pdf/", documents.disclosure_pdf, name="disclosure_pdf"),
    path("providers/", directory.providers, name="providers"),
    path("providers/new/", directory.provider_create, name="provider_create"),
    path("providers/<int:pk>/edit/", directory.provider_edit, name="provider_edit"),
    path("referrals/", directory.referral_list, name="referrals"),
    path("referrals/<int:pk>/", directory.referral, name="referral"),
    path("templates/", directory.template_list, name="templates"),
    path("templates/new/", directory.template_create, name="template_create"),
    # the client's own pages
    path("my/", portal.my_documents, name="my_documents"),
    path("my/<int:pk>/sign/", portal.my_sign, name="my_sign"),
    path("my/<int:pk>/pdf/", portal.my_pdf, name="my_pdf"),
    path("my/<int:pk>/decline/", portal.my_decline, name="my_decline"),
    path("my/<int:pk>/revoke/", portal.my_revoke, name="my_revoke"),
    path("my/accounting/", portal.my_accounting, name="my_accounting"),
    path("my/accounting.pdf", portal.my_accounting_pdf, name="my_accounting_pdf"),
]
