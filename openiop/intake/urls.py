from django.urls import path

from openiop.intake.views import assessment, pipeline, public

app_name = "intake"
urlpatterns = [
    path("get-help", public.get_help, name="get_help"),
    path("get-help/thanks", public.get_help_thanks, name="get_help_thanks"),
    path("", pipeline.board, name="board"),
    path("inquiries/", pipeline.inquiry_list, name="inquiry_list"),
    path("inquiries/new/", pipeline.inquiry_create, name="inquiry_create"),
    path("inquiries/<int:pk>/", pipeline.inquiry_detail, name="inquiry_detail"),
    path("inquiries/<int:pk>/edit/", pipeline.inquiry_edit, name="inquiry_edit"),
    path("inquiries/<int:pk>/status", pipeline.inquiry_transition, name="inquiry_transition"),
    path("inquiries/<int:pk>/calls", pipeline.call_create, name="call_create"),
    path("inquiries/<int:pk>/follow-ups", pipeline.follow_up_create, name="follow_up_create"),
    path("inquiries/<int:pk>/convert/", pipeline.inquiry_convert, name="inquiry_convert"),
    path("inquiries/<int:pk>/link/", pipeline.inquiry_link, name="inquiry_link"),
    path("inquiries/<int:pk>/screening/", pipeline.screening_create, name="screening_create"),
    path("inquiries/<int:pk>/book/", pipeline.assessment_book, name="assessment_book"),
    path("follow-ups/<int:pk>/done", pipeline.follow_up_done, name="follow_up_done"),
    path("screenings/<int:pk>/", pipeline.screening_detail, name="screening_detail"),
    path("assessments/", assessment.assessment_list, name="assessment_list"),
    path("assessments/<int:pk>/", assessment.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/edit/", assessment.assessment_edit, name="assessment_edit"),
    path("assessments/<int:pk>/recommendation", assessment.assessment_recommendation, name="assessment_recommendation"),
    path("assessments/<int:pk>/sign", assessment.assessment_sign, name="assessment_sign"),
    path("assessments/<int:pk>/cosign", assessment.assessment_cosign, name="assessment_cosign"),
    path("assessments/<int:pk>/cancel", assessment.assessment_cancel, name="assessment_cancel"),
    path("assessments/<int:pk>/admit/", assessment.assessment_admit, name="assessment_admit"),
]
