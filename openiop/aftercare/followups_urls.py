from django.urls import path

from openiop.aftercare import followups_views as views

app_name = "followups"
urlpatterns = [
    path("", views.due, name="due"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/attempts/", views.attempt, name="attempt"),
    path("<int:pk>/check/", views.check, name="check"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/readmit/", views.readmit, name="readmit"),
]
