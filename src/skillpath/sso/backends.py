"""Password sign-in refused for people whose organization signs in through its identity provider only."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _

from skillpath.sso.oidc import sso_only


class SsoOnlyGuard:
    """Placed before the password backend: a username/password sign-in of an SSO-only person stops here.

    It authenticates nobody itself; raising ``PermissionDenied`` makes Django try no further backend. It has no
    ``get_user`` on purpose: sessions (and the test client's ``force_login``) belong to the password backend."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None, **kwargs: Any) -> None:
        if username and kwargs.get("password") is not None and sso_only(username=username):
            raise PermissionDenied(_("single sign-on only"))
        return
