from django.urls import path

from skillpath.analytics import views

urlpatterns = [
    path("analytics/", views.overview, name="analytics"),
    path("analytics/export.csv", views.overview_export, name="analytics_export"),
    path("analytics/<slug:package>/", views.package, name="analytics_package"),
    path("analytics/<slug:package>/export.csv", views.package_export, name="analytics_package_export"),
    path("analytics/<slug:package>/<slug:module>/", views.module, name="analytics_module"),
    path("analytics/<slug:package>/<slug:module>/export.csv", views.module_export, name="analytics_module_export"),
    path(
        "analytics/<slug:package>/<slug:module>/calibration.csv",
        views.calibration_export,
        name="analytics_calibration_export",
    ),
    path(
        "analytics/<slug:package>/<slug:module>/<slug:concept>/<int:position>/", views.variant, name="analytics_variant"
    ),
    path(
        "analytics/<slug:package>/<slug:module>/<slug:concept>/<int:position>/export.csv",
        views.variant_export,
        name="analytics_variant_export",
    ),
]
