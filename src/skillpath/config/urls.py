from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from skillpath.people import accounts
from skillpath.sso import sso_views

urlpatterns = [
    # The learner's pages first: they are most requests, and each request tries the patterns in order (no
    # address of theirs is another app's: tests/functional/test_routes.py).
    path("", include("skillpath.web.urls")),
    path("accounts/login/", accounts.SignInView.as_view(), name="login"),
    path("accounts/logout/", sso_views.sign_out, name="logout"),  # POST only, then to sign-in (and the provider's)
    path("accounts/password_reset/", accounts.ResetView.as_view(), name="password_reset"),
    path("accounts/reset/<uidb64>/<token>/", accounts.ResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/invitation/<uidb64>/<token>/", accounts.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("accounts/password_reset/done/", accounts.ResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/done/", accounts.ResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    # The scripts' messages (every app's djangojs catalogue) in the request's language: gettext() in static JS.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript_catalog"),
    path("", include("skillpath.api.urls")),
    path("", include("skillpath.credentials.urls")),
    path("", include("skillpath.integrations.urls")),
    path("", include("skillpath.coaching.urls")),
    path("", include("skillpath.insights.urls")),
    path("", include("skillpath.analytics.urls")),
    path("", include("skillpath.people.urls")),
    path("", include("skillpath.sso.urls")),
    path("", include("skillpath.authoring.urls")),
]
