from django.urls import path

from openiop.accounts import security_views as views

app_name = "accounts_security"

urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("lockouts/", views.lockouts, name="lockouts"),
    path("people/<int:pk>/unlock/", views.unlock, name="unlock"),
    path("people/<int:pk>/mfa/remove/", views.mfa_remove, name="mfa_remove"),
]
