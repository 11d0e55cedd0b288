from django.urls import URLPattern

app_name = "program"
urlpatterns: list[URLPattern] = []
