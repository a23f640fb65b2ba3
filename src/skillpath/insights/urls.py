from django.urls import path

from skillpath.insights import memory, settings_views, views

urlpatterns = [
    path("growth/", views.growth, name="growth"),
    path("growth/plan", views.plan_make, name="plan_make"),
    path("growth/plan/<int:plan_id>.ics", views.plan_calendar, name="plan_calendar"),
    path("team/", views.team, name="team"),
    path("team/export.csv", views.team_export, name="team_export"),
    path("team/<int:person_id>/", views.report, name="report"),
    path("memory/", memory.memory_settings, name="memory_settings"),
    path("settings/organization/", settings_views.organization_settings, name="organization_settings"),
    path("settings/organization/signing-key", settings_views.signing_key_rotate, name="signing_key_rotate"),
]
