from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),  # password reset by e-mail
    path("admin/", admin.site.urls),
    path("", include("skillpath.credentials.urls")),
    path("", include("skillpath.integrations.urls")),
    path("", include("skillpath.insights.urls")),
    path("", include("skillpath.people.urls")),
    path("", include("skillpath.web.urls")),
]
