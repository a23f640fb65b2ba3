from django.urls import path

from skillpath.api import views
from skillpath.api.v1 import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("settings/api-tokens/", views.api_tokens, name="api_tokens"),
    path("settings/api-tokens/<int:token_id>/revoke", views.api_token_revoke, name="api_token_revoke"),
]
