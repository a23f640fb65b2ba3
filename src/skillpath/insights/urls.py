from django.urls import path

from skillpath.insights import views

urlpatterns = [
    path("growth/", views.growth, name="growth"),
    path("team/", views.team, name="team"),
    path("team/export.csv", views.team_export, name="team_export"),
    path("team/<int:person_id>/", views.report, name="report"),
]
