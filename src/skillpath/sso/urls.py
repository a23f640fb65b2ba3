from django.urls import path, re_path

from skillpath.sso import scim_views, settings_views, sso_views

urlpatterns = [
    path("accounts/sso/", sso_views.sign_in, name="sso_sign_in"),
    path("accounts/sso/<slug:org>/start", sso_views.start, name="sso_start"),
    path("accounts/sso/<slug:org>/callback", sso_views.callback, name="sso_callback"),
    path("settings/sso/", settings_views.sso_settings, name="sso_settings"),
    path("settings/sso/oidc", settings_views.oidc_save, name="sso_oidc"),
    path("settings/sso/tokens/new", settings_views.token_add, name="sso_token_add"),
    path("settings/sso/tokens/<int:token_id>/revoke", settings_views.token_revoke, name="sso_token_revoke"),
    path("scim/v2/Users", scim_views.users, name="scim_users"),
    path("scim/v2/Users/.search", scim_views.users_search),
    path("scim/v2/Users/<str:resource_id>", scim_views.user, name="scim_user"),
    path("scim/v2/Groups", scim_views.groups, name="scim_groups"),
    path("scim/v2/Groups/.search", scim_views.groups_search),
    path("scim/v2/Groups/<str:resource_id>", scim_views.group, name="scim_group"),
    path("scim/v2/.search", scim_views.search),
    path("scim/v2/Schemas", scim_views.schemas),
    path("scim/v2/Schemas/<str:item_id>", scim_views.schemas),
    path("scim/v2/ResourceTypes", scim_views.resource_types),
    path("scim/v2/ResourceTypes/<str:item_id>", scim_views.resource_types),
    path("scim/v2/ServiceProviderConfig", scim_views.service_provider_config),
    re_path(r"^scim/v2/(?P<rest>.*)$", scim_views.not_found),
]
