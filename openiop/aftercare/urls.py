from django.urls import path

from openiop.aftercare.views import meetings, plans, portal

app_name = "aftercare"
urlpatterns = [
    # meetings (staff)
    path("meetings/", meetings.finder, name="finder"),
    path("feeds/", meetings.feeds, name="feeds"),
    path("feeds/new/", meetings.feed_create, name="feed_create"),
    path("feeds/<int:pk>/refresh/", meetings.feed_refresh, name="feed_refresh"),
    # aftercare plan and participation (staff)
    path("clients/<int:pk>/plan/", plans.plan, name="plan"),
    path("clients/<int:pk>/plan/edit/", plans.plan_edit, name="plan_edit"),
    path("clients/<int:pk>/plan/meetings/", plans.plan_add_meeting, name="plan_add_meeting"),
    path("plan-meetings/<int:pk>/remove/", plans.plan_remove_meeting, name="plan_remove_meeting"),
    path("plans/<int:pk>/sign/", plans.plan_sign, name="plan_sign"),
    path("clients/<int:pk>/participation/", plans.participation, name="participation"),
    # the client's own pages
    path("my/plan/", portal.my_plan, name="my_plan"),
    path("my/plan.ics", portal.my_plan_calendar, name="my_plan_calendar"),
    path("my/meetings/", portal.my_meetings, name="my_meetings"),
    path("my/participation/", portal.my_participation, name="my_participation"),
]
