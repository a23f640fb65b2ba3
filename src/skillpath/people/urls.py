from django.urls import path

from skillpath.people import habit_views, views

urlpatterns = [
    path("admin-tools/people/", views.people_admin, name="people_admin"),
    path("admin-tools/people/people.csv", views.people_download, name="people_download"),
    path("admin-tools/people/imports/<uuid:job_id>/", views.people_import_progress, name="people_import"),
    path("admin-tools/people/invite", views.people_invite, name="people_invite"),
    path("admin-tools/people/<int:person_id>/roles/", views.person_roles, name="person_roles"),
    path("admin-tools/habit/", habit_views.habit_settings, name="habit_settings"),
]
