from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from skillpath.sso.oidc import sso_only_domain


class SignInForm(AuthenticationForm):
    """The password sign-in, which sends people of an SSO-only organization (known by their e-mail's domain) to
    "Sign in with your organization" instead of saying their password is wrong."""

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        org = sso_only_domain(username)
        if org:
            raise ValidationError(
                _(
                    "{organization} signs in through its identity provider: use “Sign in with your organization” below."
                ).format(organization=org),
                code="sso_only",
            )
        return super().clean()
