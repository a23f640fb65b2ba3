from django.urls import path

from skillpath.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("media/<slug:package>/<path:path>", views.media, name="media"),
    path("healthz", views.healthz, name="healthz"),
]
