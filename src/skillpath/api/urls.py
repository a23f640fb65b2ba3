from django.urls import path, re_path

from skillpath.api import views
from skillpath.api.v1 import api

urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/", views.api_not_found),  # any other address under /api/: a problem+json 404
    path("settings/api-tokens/", views.api_tokens, name="api_tokens"),
    path("settings/api-tokens/<int:token_id>/revoke", views.api_token_revoke, name="api_token_revoke"),
]
