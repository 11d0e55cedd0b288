from django.urls import path

from openiop.program import views

app_name = "program"
urlpatterns = [
    path("", views.home, name="home"),
    path("modules/", views.modules, name="modules"),
    path("week/", views.week, name="week"),
    path("tracks/new/", views.track_create, name="track_create"),
    path("tracks/<int:pk>/edit/", views.track_edit, name="track_edit"),
    path("rooms/new/", views.room_create, name="room_create"),
    path("series/new/", views.series_create, name="series_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/move/", views.session_move, name="session_move"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:pk>/roster/", views.session_roster, name="session_roster"),
    path("staff/<int:user_pk>/hours/", views.staff_hours, name="staff_hours"),
]
