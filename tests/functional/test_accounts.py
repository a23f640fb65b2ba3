from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import Client, TestCase

from skillpath import clock
from skillpath.content.services import organization_ensure, package_import
from skillpath.people.models import Invitation, Person
from skillpath.people.services import PersonSpec, person_upsert
from tests.helpers import mini_source

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)
HEADER = "name,email,role,level,manager_email,team,start_date"


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": settings.TASK_QUEUES}
    }
    settings.PUBLIC_URL = "http://testserver"


@pytest.fixture
def ada(now: datetime) -> Person:
    package_import("acme", mini_source(), now=now)
    spec = PersonSpec("ada@acme.test", "Ada", [("seller", None)], is_admin=True)
    return person_upsert(organization_ensure("acme"), spec, password="ada-long-password", today=TODAY)


def import_file(client: Client, admin: Person, *rows: str, invite: bool = True) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin.user)
    data = ("\n".join([HEADER, *rows]) + "\n").encode()
    fields: dict[str, Any] = {"file": SimpleUploadedFile("p.csv", data, content_type="text/csv")}
    if invite:
        fields["invite"] = "on"
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client.post("/admin-tools/people/", fields).status_code == 302
    client.logout()


def link_in(message: Any) -> str:
    found = re.search(r"http://testserver(/accounts/\S+/)", message.body)
    assert found, message.body
    return found.group(1)


# --- 1. invitations and password reset for people who never chose a password ---


def test_imported_people_get_an_invitation_and_can_sign_in_with_it(client: Client, ada: Person) -> None:
    import_file(client, ada, "Eve,eve@acme.test,seller,,,,")
    (message,) = mail.outbox
    assert message.to == ["eve@acme.test"] and "invites you to SkillPath" in message.subject
    assert isinstance(message, EmailMultiAlternatives)
    html = str(message.alternatives[0][0])
    assert "Choose your password" in html and "◆ SkillPath" in html
    page = client.get(link_in(message), follow=True)
    assert page.status_code == 200 and b"Choose your password" in page.content
    assert b"admin/" not in page.content  # SkillPath's own design, not Django admin's
    form_url = page.redirect_chain[-1][0]
    done = client.post(form_url, {"new_password1": "eve-new-secret-9", "new_password2": "eve-new-secret-9"})
    assert done.status_code == 302 and done["Location"] == "/welcome/"  # a new person: the first-run welcome
    assert client.get("/").status_code == 200  # signed in
    assert Invitation.objects.get(person__user__username="eve@acme.test").accepted_at is not None
    client.logout()
    assert client.login(username="eve@acme.test", password="eve-new-secret-9")


def test_an_invitation_link_works_once(client: Client, ada: Person) -> None:
    import_file(client, ada, "Eve,eve@acme.test,seller,,,,")
    link = link_in(mail.outbox[0])
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "eve-new-secret-9", "new_password2": "eve-new-secret-9"})
    client.logout()
    again = client.get(link, follow=True)
    assert b"This invitation has expired or was already used" in again.content


def test_an_invitation_expires(client: Client, ada: Person) -> None:
    import_file(client, ada, "Eve,eve@acme.test,seller,,,,")
    link = link_in(mail.outbox[0])
    try:
        clock.travel(timedelta(days=8))
        assert b"This invitation has expired" in client.get(link, follow=True).content
    finally:
        clock.travel(timedelta(0))


def test_no_invitation_when_the_admin_says_so_and_the_state_and_resend_are_on_the_people_page(
    client: Client, ada: Person
) -> None:
    import_file(client, ada, "Eve,eve@acme.test,seller,,,,", invite=False)
    assert mail.outbox == []
    client.force_login(ada.user)
    page = client.get("/admin-tools/people/").content.decode()
    assert "Not invited yet" in page and "Signed up" in page  # Eve, and Ada
    eve = Person.objects.get(user__username="eve@acme.test")
    with TestCase.captureOnCommitCallbacks(execute=True):
        sent = client.post("/admin-tools/people/invite", {"person": str(eve.pk)})
    assert sent["Location"] == "/admin-tools/people/?sent=1"
    assert len(mail.outbox) == 1
    page = client.get("/admin-tools/people/").content.decode()
    assert "Invited" in page and "Send again" in page


def test_an_admin_cannot_invite_someone_of_another_organization(client: Client, ada: Person, now: datetime) -> None:
    package_import("globex", mini_source(), now=now)
    gil = person_upsert(
        organization_ensure("globex"),
        PersonSpec("gil@globex.test", "Gil", [("seller", None)]),
        password=None,
        today=TODAY,
    )
    client.force_login(ada.user)
    assert client.post("/admin-tools/people/invite", {"person": str(gil.pk)}).status_code == 404
    assert client.post("/admin-tools/people/invite", {"person": "x'; --"}).status_code == 400
    assert mail.outbox == []


def test_password_reset_reaches_an_account_that_never_chose_a_password(client: Client, ada: Person) -> None:
    import_file(client, ada, "Eve,eve@acme.test,seller,,,,", invite=False)
    response = client.post("/accounts/password_reset/", {"email": "Eve@acme.test"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert isinstance(message, EmailMultiAlternatives)
    assert "Choose a new password" in str(message.alternatives[0][0])
    form_url = client.get(link_in(message), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": "eve-new-secret-9", "new_password2": "eve-new-secret-9"})
    assert client.login(username="eve@acme.test", password="eve-new-secret-9")


# --- 2. sign-in lockout ---


def sign_in(client: Client, username: str, password: str, url: str = "/accounts/login/", **extra: Any) -> Any:
    return client.post(url, {"username": username, "password": password}, **extra)


def test_wrong_passwords_lock_the_account_and_the_right_one_is_refused_until_the_lockout_ends(
    client: Client, ada: Person, settings: Any
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "ada@acme.test", "wrong").status_code == 200
    assert sign_in(client, "ada@acme.test", "wrong").status_code == 429  # the last failure locks
    locked = sign_in(client, "ada@acme.test", "ada-long-password")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Sign-in paused" in text and "Try again in 15 minutes" in text
    assert locked["Retry-After"] == "900"
    assert client.get("/").status_code == 302  # not signed in
    # From another address the account is still locked; an expired lockout lets the right password in.
    assert sign_in(client, "ada@acme.test", "ada-long-password", REMOTE_ADDR="10.9.9.9").status_code == 429
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(
        attempt_time=datetime.now(tz=ada.organization.created_at.tzinfo) - timedelta(minutes=16)
    )
    assert sign_in(client, "ada@acme.test", "ada-long-password").status_code == 302


def test_one_address_trying_many_accounts_is_locked_out(client: Client, ada: Person, settings: Any) -> None:
    for i in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"nobody{i}@acme.test", "wrong")
    assert sign_in(client, "ada@acme.test", "ada-long-password").status_code == 429
    assert sign_in(client, "ada@acme.test", "ada-long-password", REMOTE_ADDR="10.1.2.3").status_code == 302


def test_the_admin_sign_in_is_locked_out_too(client: Client, settings: Any) -> None:
    User.objects.create_superuser("root", "root@example.test", "root-long-password")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "root", "wrong", "/admin/login/")
    assert sign_in(client, "root", "root-long-password", "/admin/login/").status_code == 429


# --- 4. rate limits of anonymous endpoints ---


def test_password_reset_requests_are_rate_limited(client: Client, ada: Person) -> None:
    statuses = [client.post("/accounts/password_reset/", {"email": f"x{i}@acme.test"}).status_code for i in range(12)]
    assert statuses[:10] == [302] * 10
    assert statuses[10:] == [429, 429]
    limited = client.post("/accounts/password_reset/", {"email": "x@acme.test"}, HTTP_ACCEPT="text/html")
    assert b"Too many attempts" in limited.content and limited["Retry-After"] == "60"


def test_one_address_may_ask_for_a_reset_link_only_a_few_times_an_hour(client: Client, ada: Person) -> None:
    statuses = [
        client.post("/accounts/password_reset/", {"email": "ada@acme.test"}, REMOTE_ADDR=f"10.0.0.{i}").status_code
        for i in range(7)
    ]
    assert statuses == [302] * 5 + [429] * 2
    assert len(mail.outbox) == 5


def test_sign_in_posts_are_rate_limited_per_address(client: Client, ada: Person, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 1000  # the rate limit alone
    statuses = [sign_in(client, f"n{i}@acme.test", "wrong").status_code for i in range(32)]
    assert statuses[:30] == [200] * 30 and statuses[30:] == [429, 429]
    assert sign_in(client, "ada@acme.test", "ada-long-password", REMOTE_ADDR="10.3.3.3").status_code == 302


def test_invitation_and_reset_forms_are_rate_limited(client: Client, ada: Person) -> None:
    url = "/accounts/invitation/MQ/set-password/"
    statuses = [client.post(url, {"new_password1": "a", "new_password2": "a"}).status_code for i in range(22)]
    assert statuses[-1] == 429 and 429 not in statuses[:20]


@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",
        "/accounts/password_reset/",
        "/accounts/password_reset/done/",
        "/accounts/reset/done/",
        "/accounts/reset/MQ/bad-token/",
        "/accounts/invitation/MQ/bad-token/",
    ],
)
def test_account_pages_are_in_skillpaths_design_not_the_admins(client: Client, url: str) -> None:
    page = client.get(url, follow=True).content.decode()
    assert "web/skillpath.css" in page and "admin/css" not in page


def test_a_person_added_without_a_password_is_invited(ada: Person) -> None:
    spec = PersonSpec("new@acme.test", "New", [("seller", None)])
    with TestCase.captureOnCommitCallbacks(execute=True):
        person_upsert(organization_ensure("acme"), spec, password=None, today=TODAY, invite=True)
    (message,) = mail.outbox
    assert message.to == ["new@acme.test"] and "/accounts/invitation/" in message.body
    with TestCase.captureOnCommitCallbacks(execute=True):  # updating them later invites nobody again
        person_upsert(organization_ensure("acme"), spec, password=None, today=TODAY, invite=True)
    assert len(mail.outbox) == 1
