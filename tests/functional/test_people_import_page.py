from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client, TestCase

from skillpath.cli import main
from skillpath.content.services import organization_ensure, package_import
from skillpath.people.models import Person
from skillpath.people.services import PersonSpec, person_upsert
from tests.helpers import mini_source

pytestmark = pytest.mark.django_db

URL = "/admin-tools/people/"
HEADER = "name,email,role,level,manager_email,team,start_date"
TODAY = date(2026, 3, 2)


def member(org: str, email: str, *, admin: bool = False) -> Person:
    return person_upsert(
        organization_ensure(org),
        PersonSpec(email, email.split("@")[0].title(), [("seller", None)], is_admin=admin),
        password=None,
        today=TODAY,
    )


@pytest.fixture
def acme(now: datetime) -> Person:
    """Acme with the mini academy and its admin."""
    package_import("acme", mini_source(), now=now)
    return member("acme", "ada@acme.test", admin=True)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    """The import runs as a background task; here it runs as soon as it is queued."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": settings.TASK_QUEUES}
    }


def upload(client: Client, text: str | bytes, name: str = "people.csv") -> tuple[int, str]:
    """Upload a file, let its import run, and return the import's page (or the refusal)."""
    data = text.encode() if isinstance(text, str) else text
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(URL, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})
    if response.status_code == 302:
        response = client.get(response["Location"])
    return response.status_code, response.content.decode()


def people(org: str) -> list[str]:
    return sorted(Person.objects.filter(organization__slug=org).values_list("user__username", flat=True))


def test_an_admin_sees_the_page_and_a_link_to_it(client: Client, acme: Person) -> None:
    client.force_login(acme.user)
    page = client.get(URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert '<a href="/admin-tools/people/" aria-current="page">People</a>' in html
    assert 'enctype="multipart/form-data"' in html and 'href="/admin-tools/people/people.csv"' in html


def test_a_learner_gets_not_found_and_no_link(client: Client, acme: Person) -> None:
    lee = member("acme", "lee@acme.test")
    client.force_login(lee.user)
    assert client.get(URL).status_code == 404
    assert upload(client, f"{HEADER}\nEve,eve@acme.test,seller,,,,\n")[0] == 404
    assert client.get(URL + "people.csv").status_code == 404
    assert "/admin-tools/" not in client.get("/settings/").content.decode()
    assert people("acme") == ["ada@acme.test", "lee@acme.test"]


def test_someone_signed_out_is_sent_to_sign_in(client: Client, acme: Person) -> None:
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_an_admin_of_another_organization_cannot_touch_this_one(client: Client, acme: Person, now: datetime) -> None:
    package_import("globex", mini_source(), now=now)
    gil = member("globex", "gil@globex.test", admin=True)
    member("acme", "lee@acme.test")
    client.force_login(gil.user)
    status, html = upload(client, f"{HEADER}\nLee Renamed,lee@acme.test,seller,,,,\n")
    assert status == 422
    assert "&quot;lee@acme.test&quot; belongs to another organization" in html
    assert Person.objects.get(user__username="lee@acme.test").name == "Lee"
    download = client.get(URL + "people.csv").content
    assert b"acme.test" not in download and b"gil@globex.test" in download


def test_every_error_is_listed_in_a_table_and_nothing_is_applied(client: Client, acme: Person) -> None:
    client.force_login(acme.user)
    status, html = upload(
        client, f"{HEADER}\nEve,eve@acme.test,seller,,,,\nAna,ana@,seller,,,,\nBo,bo@acme.test,boss,,,,\n"
    )
    assert status == 422
    assert "Nothing was imported: the file has 2 problems." in html
    ana = "&quot;ana@&quot; is not an e-mail address; write it like name@example.com"
    assert f"<tr><td>3</td><td>email</td><td>{ana}</td></tr>" in html
    assert "<tr><td>4</td><td>role</td><td>&quot;boss&quot; is not a role; use one of: seller</td></tr>" in html
    assert people("acme") == ["ada@acme.test"]


def test_a_good_file_is_imported_and_the_counts_are_shown(client: Client, acme: Person) -> None:
    client.force_login(acme.user)
    rows = ["Ada,ada@acme.test,seller,senior-seller,,,", "Eve Ström,eve@acme.test,Seller,,ada@acme.test,Sales,"]
    text = "\ufeff" + "\n".join([HEADER, *rows]) + "\n"
    status, html = upload(client, text)
    assert status == 200
    assert "Imported: 1 created, 1 updated, 0 unchanged." in html
    assert Person.objects.get(user__username="eve@acme.test").manager == acme
    assert "Imported: 0 created, 0 updated, 2 unchanged." in upload(client, text)[1]


def test_the_download_imports_back_unchanged(client: Client, acme: Person) -> None:
    member("acme", "lee@acme.test")
    client.force_login(acme.user)
    download = client.get(URL + "people.csv")
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert download["Content-Disposition"] == 'attachment; filename="people-acme.csv"'
    assert download.content.startswith(b"\xef\xbb\xbfname,email,role,level,manager_email,team,start_date\n")
    assert "Imported: 0 created, 0 updated, 2 unchanged." in upload(client, download.content)[1]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("name,email\nJosé,j@acme.test\n".encode("latin-1"), "the file is not UTF-8 text; save it as “CSV UTF-8”"),
        (b"x" * (2 * 1024 * 1024 + 1), "the file is larger than 2 MB; split it into smaller files"),
        (b"", "row 1: the file is empty"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(client: Client, acme: Person, data: bytes, message: str) -> None:
    client.force_login(acme.user)
    status, html = upload(client, data)
    assert status == 422
    assert message.replace("row 1: ", "") in html


def test_posting_without_a_file_asks_for_one(client: Client, acme: Person) -> None:
    client.force_login(acme.user)
    response = client.post(URL, {})
    assert response.status_code == 422
    assert "Nothing was imported: choose a CSV file to upload." in response.content.decode()


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run ``skillpath`` in-process: Django closes every connection after a command, which would end the test's
    transaction on PostgreSQL."""
    monkeypatch.setattr(connections, "close_all", lambda: None)


@pytest.mark.usefixtures("cli")
def test_the_command_line_lists_every_error_and_exits_1_leaving_the_database_unchanged(
    acme: Person, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "people.csv"
    file.write_text(
        f"{HEADER}\nEve,eve@acme.test,seller,,,,\nAna,ana@,seller,,,,\nBo,bo@acme.test,seller,,,,31/12/2025\n"
    )
    with pytest.raises(SystemExit) as exited:
        main(["people", "import", str(file), "--org", "acme"])
    assert exited.value.code == 1
    out = capsys.readouterr()
    assert out.out.splitlines() == [
        'row 3, email: "ana@" is not an e-mail address; write it like name@example.com',
        'row 4, start_date: "31/12/2025" is not a date; write it as YYYY-MM-DD, for example 2026-03-02',
    ]
    assert "2 errors: nothing was imported" in out.err
    assert people("acme") == ["ada@acme.test"]


@pytest.mark.usefixtures("cli")
def test_the_command_line_imports_prints_the_counts_and_exports_the_same_format(
    acme: Person, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "people.csv"
    file.write_text(f"{HEADER}\nEve,eve@acme.test,seller,,ada@acme.test,Sales,2026-01-05\n")
    assert main(["people", "import", str(file), "--org", "acme"]) == 0
    assert capsys.readouterr().out == "acme: 1 created, 0 updated, 0 unchanged\n"
    assert main(["people", "export", "--org", "acme"]) == 0
    exported = capsys.readouterr().out
    assert exported == (
        f"{HEADER}\nAda,ada@acme.test,seller,seller,,,2026-03-02\n"
        "Eve,eve@acme.test,seller,seller,ada@acme.test,Sales,2026-01-05\n"
    )
    assert main(["people", "export", "--org", "acme", str(tmp_path / "out.csv")]) == 0
    assert capsys.readouterr().out == f"2 people written to {tmp_path / 'out.csv'}\n"
    assert (tmp_path / "out.csv").read_text() == exported
    assert main(["people", "import", str(tmp_path / "out.csv"), "--org", "acme"]) == 0
    assert capsys.readouterr().out == "acme: 0 created, 0 updated, 2 unchanged\n"


@pytest.mark.usefixtures("cli")
def test_the_command_line_says_what_is_wrong_with_its_arguments(
    acme: Person, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["people"]) == 2
    assert main(["people", "delete"]) == 2
    assert "usage: skillpath people import FILE --org SLUG" in capsys.readouterr().err
    for argv, message in [
        (["people", "import", str(tmp_path / "none.csv"), "--org", "acme"], "cannot read"),
        (["people", "import", str(tmp_path / "none.csv"), "--org", "nope"], "no organization 'nope'"),
        (["people", "export", "--org", "nope"], "no organization 'nope'"),
    ]:
        with pytest.raises(SystemExit):
            main(argv)
        assert message in capsys.readouterr().err
    (tmp_path / "latin.csv").write_bytes("name\nJosé\n".encode("latin-1"))
    with pytest.raises(SystemExit):
        main(["people", "import", str(tmp_path / "latin.csv"), "--org", "acme"])
    assert "latin.csv: the file is not UTF-8 text" in capsys.readouterr().err


@pytest.mark.usefixtures("cli")
def test_the_command_line_export_mentions_people_left_out_for_having_no_role(
    acme: Person, capsys: pytest.CaptureFixture[str]
) -> None:
    person_upsert(organization_ensure("acme"), PersonSpec("x@acme.test", "X"), password=None, today=TODAY)
    assert main(["people", "export", "--org", "acme"]) == 0
    assert "1 person without a role is left out: each row needs a role" in capsys.readouterr().err


def test_an_import_is_followed_on_its_own_page_which_another_organization_cannot_open(
    client: Client, acme: Person, now: datetime
) -> None:
    client.force_login(acme.user)
    with TestCase.captureOnCommitCallbacks(execute=False):  # the worker has not picked it up yet
        queued = client.post(
            URL, {"file": SimpleUploadedFile("p.csv", f"{HEADER}\nEve,eve@acme.test,seller,,,,\n".encode())}
        )
    page = client.get(queued["Location"])
    assert page.status_code == 200 and "Waiting for the background worker" in page.content.decode()
    assert 'hx-trigger="load delay:1s"' in page.content.decode()  # it polls until the import is done
    fragment = client.get(queued["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<section id="import-progress"') and "<html" not in fragment
    package_import("globex", mini_source(), now=now)
    client.force_login(member("globex", "gil@globex.test", admin=True).user)
    assert client.get(queued["Location"]).status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_the_people_page_takes_a_fixed_number_of_queries(
    client: Client, acme: Person, size: int, django_assert_max_num_queries: Any
) -> None:
    for i in range(size):
        member("acme", f"p{i}@acme.test")
    client.force_login(acme.user)
    with django_assert_max_num_queries(9):
        page = client.get(URL)
    assert page.content.decode().count("Send invitation") == size + 1  # Ada too: she never chose a password
