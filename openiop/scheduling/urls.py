from django.urls import path

from openiop.scheduling import views

app_name = "scheduling"
urlpatterns = [
    path("", views.week, name="week"),
    path("plan/", views.plan, name="plan"),
    path("runs/<int:pk>/", views.run, name="run"),
    path("runs/<int:pk>/move/", views.run_move, name="run_move"),
    path("runs/<int:pk>/accept/", views.run_accept, name="run_accept"),
    path("clients/<int:pk>/availability/", views.client_availability, name="client_availability"),
    path("clients/<int:pk>/calendar/", views.client_feed, name="client_feed"),
    path("my-calendar/", views.my_calendar, name="my_calendar"),
    path("feeds/<str:token>.ics", views.feed, name="feed"),
]
