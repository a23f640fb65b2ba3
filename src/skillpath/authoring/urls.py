from django.urls import path

from skillpath.authoring import views

urlpatterns = [
    path("content/", views.workspace, name="authoring_workspace"),
    path("content/new", views.package_create, name="authoring_package_create"),
    path("content/upload", views.package_upload, name="authoring_package_upload"),
    path("content/edits/", views.edits, name="authoring_edits"),
    path("content/<slug:package>/", views.package_detail, name="authoring_package"),
    path("content/<slug:package>/package/", views.package_edit, name="authoring_package_edit"),
    path("content/<slug:package>/package.yaml", views.package_file, name="authoring_package_file"),
    path("content/<slug:package>/modules/new", views.module_create, name="authoring_module_create"),
    path("content/<slug:package>/modules/<slug:module>/", views.module_edit, name="authoring_module"),
    path("content/<slug:package>/modules/<slug:module>/validate", views.module_validate, name="authoring_validate"),
    path("content/<slug:package>/modules/<slug:module>/delete", views.module_delete, name="authoring_module_delete"),
    path("content/<slug:package>/roles/<slug:role>/path", views.path_view, name="authoring_path"),
    path("content/<slug:package>/media", views.media_upload, name="authoring_media"),
    path("content/<slug:package>/media/delete", views.media_delete, name="authoring_media_delete"),
    path("content/<slug:package>/publish", views.publish, name="authoring_publish"),
    path("content/<slug:package>/discard", views.draft_discard, name="authoring_discard"),
    path("content/<slug:package>/draft.zip", views.export_draft, name="authoring_export_draft"),
    path("content/<slug:package>/versions/<str:version>.zip", views.export_version, name="authoring_export"),
]
