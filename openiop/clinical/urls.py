from django.urls import path

from openiop.clinical.views import group_notes, groups, notes, records

app_name = "clinical"
urlpatterns = [
    path("sessions/<int:pk>/attendance/", groups.session_attendance, name="session_attendance"),
    path("sessions/<int:pk>/drop-in/", groups.session_dropin, name="session_dropin"),
    path("sessions/<int:pk>/note/", group_notes.group_note, name="group_note"),
    path("sessions/<int:pk>/note/draft/", group_notes.group_note_autosave, name="group_note_autosave"),
    path("notes/", notes.note_list, name="note_list"),
    path("notes/<int:pk>/", notes.note_detail, name="note_detail"),
    path("notes/<int:pk>/edit/", notes.note_edit, name="note_edit"),
    path("notes/<int:pk>/addenda/", notes.note_addendum, name="note_addendum"),
    path("notes/<int:pk>/cosign/", notes.note_cosign, name="note_cosign"),
    path("clients/<int:pk>/notes/new/", notes.note_create, name="note_create"),
    path("clients/<int:pk>/plan/", records.plan, name="plan"),
    path("plans/<int:pk>/", records.plan_edit, name="plan_edit"),
    path("clients/<int:pk>/screens/", records.screens, name="screens"),
    path("clients/<int:pk>/medications/", records.medications, name="medications"),
    path("clients/<int:pk>/safety-plan/", records.safety_plan, name="safety_plan"),
    path("clients/<int:pk>/safety-plan/edit/", records.safety_plan_edit, name="safety_plan_edit"),
    path("safety-plans/<int:pk>/sign/", records.safety_plan_sign, name="safety_plan_sign"),
    path("safety-plans/<int:pk>/print/", records.safety_plan_print, name="safety_plan_print"),
]
