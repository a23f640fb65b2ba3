from django.urls import path

from skillpath.web import diagnostic, learner, player, preview, views, welcome

urlpatterns = [
    path("", learner.today, name="today"),
    path("path/", learner.my_path, name="path"),
    path("skills/", learner.skills, name="skills"),
    path("settings/", learner.settings_view, name="settings"),
    path("welcome/", welcome.welcome, name="welcome"),
    path("today/day-off", learner.day_off, name="day_off"),
    path("settings/days-off", learner.days_off_view, name="days_off"),
    path("session/start", learner.session_begin, name="session_start"),
    path("session/next", learner.session_step, name="session_next"),
    path("session/done", learner.session_done, name="session_done"),
    path("modules/<slug:slug>/", player.module_detail, name="module"),
    path("modules/<slug:slug>/start", player.module_begin, name="module_start"),
    path("checks/<uuid:check_id>/", player.check, name="check"),
    path("checks/<uuid:check_id>/answer", player.check_answer, name="check_answer"),
    path("checks/<uuid:check_id>/result", player.check_result_view, name="check_result"),
    path("checks/<uuid:check_id>/review", player.check_review_view, name="check_review"),
    path("checks/<uuid:check_id>/reviewed", player.check_reviewed_view, name="check_reviewed"),
    path("reinforcement/<slug:module>/<slug:concept>/", player.reinforcement, name="reinforcement"),
    # The address reinforcement had before 2.0 (bookmarks, e-mailed digests): moved for good.
    path("practice/<slug:module>/<slug:concept>/", player.reinforcement_moved),
    path("growth/diagnostic/", diagnostic.diagnostic_home, name="diagnostic"),
    path("growth/diagnostic/start", diagnostic.diagnostic_begin, name="diagnostic_start"),
    path("growth/diagnostic/<uuid:run_id>/", diagnostic.diagnostic_question_view, name="diagnostic_question"),
    path("growth/diagnostic/<uuid:run_id>/result", diagnostic.diagnostic_result, name="diagnostic_result"),
    path("media/<slug:package>/<path:path>", views.media, name="media"),
    path("healthz", views.healthz, name="healthz"),
]

urlpatterns += [  # the authors' preview of a draft module (learner templates, nothing stored)
    path("content/<slug:package>/modules/<slug:module>/preview/", preview.preview_page, name="authoring_preview"),
    path(
        "content/<slug:package>/modules/<slug:module>/preview/frame",
        preview.preview_frame,
        name="authoring_preview_frame",
    ),
    path(
        "content/<slug:package>/modules/<slug:module>/preview/answer",
        preview.preview_answer,
        name="authoring_preview_answer",
    ),
    path("content/<slug:package>/draft-media/<path:path>", preview.draft_media, name="authoring_draft_media"),
]
