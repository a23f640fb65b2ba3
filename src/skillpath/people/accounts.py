"""Signing in, resetting a password and accepting an invitation: Django's views in SkillPath's design, with
rate limits per client address (django-ratelimit) and sign-in lockout (django-axes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.db.models import Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit.decorators import ratelimit

from skillpath import clock
from skillpath.config.security import client_ip
from skillpath.people.invitations import invitation_accepted, invitation_tokens
from skillpath.people.language import language_for
from skillpath.people.models import Person
from skillpath.sso.forms import SignInForm


class LockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Axes' lockout check for sign-ins that come with a request (every web sign-in, the admin's too).

    Code that authenticates without a request (scripts, the test client's ``login``) is not counted."""

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)  # type: ignore[no-any-return]


def locked_out(request: HttpRequest, original_response: HttpResponse | None, credentials: Any) -> HttpResponse:
    """What a locked-out person sees (429): what happened, and when they can try again."""
    cool_off = get_cool_off(request)
    username = get_client_username(request, credentials) or ""
    last = AccessAttempt.objects.filter(Q(username=username) | Q(ip_address=client_ip(request))).aggregate(
        last=Max("attempt_time")
    )["last"]
    retry_at = last + cool_off if last and cool_off else None
    # django-axes stamps attempts with the real time, so the wait is measured against it too
    minutes = max(1, round((retry_at - timezone.now()).total_seconds() / 60)) if retry_at else None
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "retry_at": retry_at,
        "retry_in": ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes)
        if minutes
        else _("a while"),
    }
    response = render(request, "accounts/locked_out.html", context, status=429)
    if minutes:
        response["Retry-After"] = str(minutes * 60)
    return response


class ResetForm(PasswordResetForm):
    """Password reset that also reaches accounts which never chose a password (imported people)."""

    def get_users(self, email: str) -> Iterator[Any]:
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (u for u in users if getattr(u, "email", "").casefold() == email.casefold())

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """The e-mail is in the person's own language if they chose one, else in the asking browser's."""
        person = Person.objects.filter(user=context.get("user")).first()
        asked = translation.get_language() or ""
        with translation.override(language_for(person, asked) if person else asked):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name=html_email_template_name,
            )


_SIGN_IN_RATE = "30/m"
_RESET_RATE = "10/m"
_CHOOSE_RATE = "20/m"


# Django's own names for these templates are taken by the admin's (an earlier app), hence accounts/.
@method_decorator(ratelimit(key=lambda g, r: client_ip(r), rate=_SIGN_IN_RATE, method="POST"), name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        """A new person's first sign-in (with nowhere else asked for) opens the welcome; then Today."""
        person = getattr(self.request.user, "person", None)
        if person is not None and person.welcomed_at is None:
            return str(reverse_lazy("welcome"))
        return str(super().get_default_redirect_url())


@method_decorator(ratelimit(key=lambda g, r: client_ip(r), rate=_RESET_RATE, method="POST"), name="dispatch")
@method_decorator(
    ratelimit(key=lambda g, r: r.POST.get("email", "").strip().casefold(), rate="5/h", method="POST"), name="dispatch"
)
class ResetView(auth_views.PasswordResetView):
    form_class = ResetForm
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/password_reset_subject.txt"
    html_email_template_name = "accounts/password_reset_email.html"
    email_template_name = "accounts/password_reset_email.txt"


@method_decorator(ratelimit(key=lambda g, r: client_ip(r), rate=_CHOOSE_RATE, method="POST"), name="dispatch")
class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@method_decorator(ratelimit(key=lambda g, r: client_ip(r), rate=_CHOOSE_RATE, method="POST"), name="dispatch")
class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The invitation link: choose a password, then you are signed in and on Today."""

    token_generator = invitation_tokens
    template_name = "accounts/invitation_accept.html"
    post_reset_login = True
    post_reset_login_backend = "skillpath.people.backends.MemberBackend"
    success_url = reverse_lazy("welcome")  # shown once: a person welcomed before goes on to Today
    reset_url_token = "choose-password"  # noqa: S105 - the URL segment that replaces the token, not a secret

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:  # type: ignore[type-arg]
        response = super().form_valid(form)
        invitation_accepted(form.user.pk, now=clock.now())
        return response
