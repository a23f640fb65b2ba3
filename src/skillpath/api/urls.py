from django.urls import path, re_path

from skillpath.api import views
from skillpath.api.routes_content import UPLOAD_BYTES
from skillpath.api.v1 import api
from skillpath.config.security import body_limit

api_urls = api.urls  # built on each access: mark the patterns that are actually routed
for operation in api_urls[0]:
    if str(operation.pattern) == "content/packages" and operation.callback is not None:
        body_limit(UPLOAD_BYTES)(operation.callback)  # package uploads may exceed the request bound of the rest

urlpatterns = [
    path("api/v1/", api_urls),
    re_path(r"^api/", views.api_not_found),  # any other address under /api/: a problem+json 404
    path("settings/api-tokens/", views.api_tokens, name="api_tokens"),
    path("settings/api-tokens/<int:token_id>/revoke", views.api_token_revoke, name="api_token_revoke"),
]
