from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from skillpath.people import accounts

urlpatterns = [
    path("accounts/login/", accounts.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),  # POST only, then to sign-in
    path("accounts/password_reset/", accounts.ResetView.as_view(), name="password_reset"),
    path("accounts/reset/<uidb64>/<token>/", accounts.ResetConfirmView.as_view(), name="password_reset_confirm"),
    path("accounts/invitation/<uidb64>/<token>/", accounts.InvitationAcceptView.as_view(), name="invitation_accept"),
    path("accounts/password_reset/done/", accounts.ResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/reset/done/", accounts.ResetCompleteView.as_view(), name="password_reset_complete"),
    path("admin/", admin.site.urls),
    path("", include("skillpath.credentials.urls")),
    path("", include("skillpath.integrations.urls")),
    path("", include("skillpath.insights.urls")),
    path("", include("skillpath.people.urls")),
    path("", include("skillpath.authoring.urls")),
    path("", include("skillpath.web.urls")),
]
