from django.urls import path

from openiop.clients import episode_views, support_views, views

app_name = "clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/edit/", views.client_edit, name="edit"),
    path("<int:pk>/support/", support_views.support_list, name="support"),
    path("<int:pk>/support/<int:contact_pk>/", support_views.support_edit, name="support_edit"),
    path("<int:pk>/support/<int:contact_pk>/retire/", support_views.support_retire, name="support_retire"),
    path("family-sessions/<int:note_pk>/attendees/", support_views.family_attendees, name="family_attendees"),
    path("episodes/<int:pk>/", episode_views.episode_detail, name="episode"),
    path("episodes/<int:pk>/step/", episode_views.episode_step, name="episode_step"),
    path("episodes/<int:pk>/prescription/", episode_views.episode_prescription, name="episode_prescription"),
    path("episodes/<int:pk>/transfer/", episode_views.episode_transfer, name="episode_transfer"),
    path("episodes/<int:pk>/discharge/", episode_views.episode_discharge, name="episode_discharge"),
    path("episodes/<int:pk>/readmit/", episode_views.episode_readmit, name="episode_readmit"),
    path("episodes/<int:pk>/summary.pdf", episode_views.discharge_summary_pdf, name="discharge_summary_pdf"),
    path("discharge-proposals/", episode_views.discharge_proposals, name="discharge_proposals"),
]
