from django.urls import path

from skillpath.integrations import settings_views, views

CONTENT = "orgs/<slug:org>/content/<slug:package>"

urlpatterns = [
    path("xapi/profile", views.profile, name="xapi_profile"),
    path("xapi/profile/v1", views.profile),
    path("xapi/connection-test", views.connection_test, name="xapi_connection_test"),
    path("xapi/<slug:kind>/<slug:name>", views.vocabulary_concept, name="xapi_concept"),
    path("xapi/profile/<slug:kind>/<slug:name>", views.profile_template, name="xapi_template"),
    path(f"{CONTENT}/modules/<slug:module>", views.module, name="xapi_module"),
    path(f"{CONTENT}/modules/<slug:module>/concepts/<slug:concept>", views.concept, name="xapi_activity_concept"),
    path(
        f"{CONTENT}/modules/<slug:module>/concepts/<slug:concept>/questions/<slug:key>",
        views.question,
        name="xapi_question",
    ),
    path(f"{CONTENT}/skills/<slug:skill>", views.skill, name="xapi_skill"),
    path(f"{CONTENT}/roles/<slug:role>/milestones/<slug:milestone>", views.milestone, name="xapi_milestone"),
    path("settings/integrations/", settings_views.integrations, name="integrations"),
    path("settings/integrations/lrs", settings_views.lrs_save, name="integrations_lrs"),
    path("settings/integrations/lrs/test", settings_views.lrs_test, name="integrations_lrs_test"),
    path("settings/integrations/webhooks/new", settings_views.webhook_add, name="integrations_webhook_add"),
    path("settings/integrations/webhooks/<int:endpoint_id>", settings_views.webhook_edit, name="integrations_webhook"),
    path(
        "settings/integrations/webhooks/<int:endpoint_id>/rotate",
        settings_views.webhook_rotate,
        name="integrations_webhook_rotate",
    ),
    path(
        "settings/integrations/webhooks/<int:endpoint_id>/delete",
        settings_views.webhook_delete,
        name="integrations_webhook_delete",
    ),
]
