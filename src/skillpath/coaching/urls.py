from django.urls import path

from skillpath.coaching import views

urlpatterns = [
    path("team/assignments/", views.assignments, name="assignments"),
    path("team/assignments/new", views.assignment_new, name="assignment_new"),
    path("team/assignments/<int:assignment_id>/withdraw", views.assignment_remove, name="assignment_withdraw"),
    path("team/assignments.csv", views.assignments_export, name="assignments_export"),
    path("team/goals/new", views.goal_new, name="goal_new"),
    path("goals/<int:goal_id>/check-in", views.goal_checkin_new, name="goal_checkin"),
    path("team/weakest/", views.weakest, name="weakest"),
    path("team/refreshers/new", views.refresher_new, name="refresher_new"),
    path("team/notes/new", views.note_new, name="note_new"),
    path("team/observations/new", views.observation_new, name="observation_new"),
]
