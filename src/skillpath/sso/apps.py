from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "skillpath.sso"
    label = "sso"
    verbose_name = "Single sign-on (OpenID Connect) and provisioning (SCIM 2.0)"
