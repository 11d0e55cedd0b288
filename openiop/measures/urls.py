from django.urls import path

from openiop.measures import views

app_name = "measures"
urlpatterns = [
    path("clients/<int:pk>/record/", views.record_choose, name="record-choose"),
    path("clients/<int:pk>/record/<str:code>/", views.record, name="record"),
    path("alerts/<int:pk>/close/", views.alert_close, name="alert-close"),
]
