"""Django's password sign-in, loading a signed-in user's membership with them."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User


class MemberBackend(ModelBackend):
    """``ModelBackend``, except that each request's user comes with their membership (person, organization,
    team and manager) in the same query: the pages, the menus and ``access_person`` then ask nothing more."""

    def get_user(self, user_id: Any) -> User | None:
        user = (
            User._default_manager.select_related("person__organization", "person__team", "person__manager")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
