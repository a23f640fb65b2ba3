from __future__ import annotations

from collections.abc import Mapping, Set
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from skillpath.domain.people_csv import (
    COLUMNS,
    KnownRole,
    PeopleCsv,
    PersonRow,
    RowError,
    control_characters,
    people_csv_check,
    people_csv_write,
)

SELLER = KnownRole("seller", "Seller", (("seller", "Seller"), ("senior-seller", "Senior Seller")))
SUPPORT = KnownRole("support", "Customer Support", (("agent", "Agent"),))
ROLES = (SELLER, SUPPORT)
HEADER = "name,email,role,level,manager_email,team,start_date"


def check(
    text: str,
    roles: tuple[KnownRole, ...] = ROLES,
    known: Set[str] = frozenset(),
    managers: Mapping[str, str] | None = None,
) -> PeopleCsv:
    return people_csv_check(text, roles=roles, known_people=known, current_managers=managers or {})


def problems(text: str, **kwargs: object) -> list[str]:
    return [str(e) for e in check(text, **kwargs).errors]  # type: ignore[arg-type]


def csv_of(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def test_a_valid_file_gives_one_person_per_email_with_slugs_and_lower_case_emails() -> None:
    result = check(
        csv_of(
            "Ana Lima,Ana@Example.com,Seller,Senior Seller,,Sales,2026-01-05",
            "Ana Lima,ana@example.com,customer support,AGENT,,Sales,",
        )
    )
    assert result.errors == ()
    assert result.people == (
        PersonRow(
            email="ana@example.com",
            name="Ana Lima",
            roles=(("seller", "senior-seller"), ("support", "agent")),
            team="Sales",
            manager_email="",
            start_date=date(2026, 1, 5),
            row=2,
        ),
    )
    assert result.columns == frozenset(COLUMNS)


def test_columns_may_come_in_any_order_and_case_and_the_optional_ones_may_be_left_out() -> None:
    result = check(csv_of("seller,bo@example.com,Bo", header="Role, EMAIL ,Name"))
    assert result.errors == ()
    assert result.people == (PersonRow("bo@example.com", "Bo", (("seller", None),), row=2),)
    assert result.columns == {"name", "email", "role"}


def test_spaces_and_hyphens_in_column_names_read_as_underscores() -> None:
    result = check(csv_of("Bo,bo@example.com,seller,Ops,2026-02-01", header="Name,Email,Role,Team,Start Date"))
    assert result.people[0].start_date == date(2026, 2, 1)
    assert result.columns == {"name", "email", "role", "team", "start_date"}
    assert result.people[0].manager_email is None  # the file does not say


def test_an_empty_file_is_an_error() -> None:
    assert problems("") == ["row 1: the file is empty; give a header row (name,email,role,…) and one row per person"]
    assert problems("\n , \n\n") == problems("")


def test_a_header_without_people_is_an_error() -> None:
    assert problems(HEADER + "\n") == ["row 2: the file has a header but no people; add one row per person and role"]


def test_a_file_without_a_header_row_says_how_to_start_it() -> None:
    assert problems("Ana,ana@example.com,seller\n") == [
        "row 1: the first row must name the columns; start the file with a header row such as "
        "name,email,role,level,manager_email,team,start_date"
    ]


def test_unknown_duplicate_and_missing_columns_are_named() -> None:
    assert problems(csv_of("Ana,a@example.com,x,1", header="name,Full Name,name,phone")) == [
        "row 1, Full Name: unknown column; the columns are name, email, role, level, manager_email, team, start_date",
        "row 1, phone: unknown column; the columns are name, email, role, level, manager_email, team, start_date",
        "row 1, name: this column appears twice; keep one",
        "row 1, email: required column missing; add a column named email",
        "row 1, role: required column missing; add a column named role",
    ]


def test_a_value_under_no_column_is_reported_but_empty_trailing_cells_are_not() -> None:
    text = csv_of("Ana,a@example.com,seller,,", "Bo,b@example.com,seller,,x", header="name,email,role,,")
    assert problems(text) == [
        "row 3: a value in column 5, which the header does not name; remove it, "
        "or put quotes around values that contain the separator"
    ]


def test_short_rows_read_missing_cells_as_empty() -> None:
    assert check(csv_of("Ana,a@example.com,seller")).people[0].team == ""


def test_required_values_are_named_on_their_row() -> None:
    assert problems(csv_of(",a@example.com,seller", "Bo,,", "Cy,c@example.com,")) == [
        "row 2, name: name is required; fill it in",
        "row 3, email: email is required; fill it in",
        "row 3, role: role is required; fill it in",
        "row 4, role: role is required; fill it in",
    ]


def test_values_longer_than_the_database_keeps_are_errors() -> None:
    assert problems(csv_of(f"{'n' * 201},a@example.com,seller,,,{'t' * 121}")) == [
        "row 2, name: longer than 200 characters; shorten it",
        "row 2, team: longer than 120 characters; shorten it",
    ]


def test_an_email_that_is_not_one_says_how_to_write_it() -> None:
    assert problems(csv_of("Ana,ana@,seller", "Bo,b@example.com,seller,,Boss@Nowhere")) == [
        'row 2, email: "ana@" is not an e-mail address; write it like name@example.com',
        'row 3, manager_email: "Boss@Nowhere" is not an e-mail address; write it like name@example.com',
    ]


def test_dates_must_be_written_year_month_day_and_exist() -> None:
    assert problems(csv_of("Ana,a@example.com,seller,,,,02/03/2026", "Bo,b@example.com,seller,,,,2026-02-30")) == [
        'row 2, start_date: "02/03/2026" is not a date; write it as YYYY-MM-DD, for example 2026-03-02',
        'row 3, start_date: "2026-02-30" is not a date; write it as YYYY-MM-DD, for example 2026-03-02',
    ]


def test_unknown_roles_and_levels_list_the_ones_there_are() -> None:
    assert problems(csv_of("Ana,a@example.com,Sales Rep,boss", "Bo,b@example.com,seller,boss")) == [
        'row 2, role: "Sales Rep" is not a role; use one of: seller, support',
        'row 3, level: "boss" is not a level of role seller; use one of: seller, senior-seller',
    ]


def test_a_slug_wins_over_a_title_and_a_title_shared_by_two_roles_is_ambiguous() -> None:
    closer = KnownRole("closer", "Seller")
    assert check(csv_of("Bo,b@example.com,Seller"), roles=(SELLER, closer)).people[0].roles == (("seller", None),)
    twins = (KnownRole("c2", "Closer role"), KnownRole("c3", "closer role"))
    assert problems(csv_of("Bo,b@example.com,Closer Role"), roles=twins) == [
        'row 2, role: "Closer Role" matches more than one (c2, c3); ask an author to make them distinct'
    ]


def test_roles_cannot_be_given_before_any_content_is_imported() -> None:
    assert problems(csv_of("Ana,a@example.com,seller"), roles=()) == [
        'row 2, role: "seller" is not a role: there are no roles yet; an author must import a content package first'
    ]


def test_a_role_without_levels_accepts_an_empty_level_only() -> None:
    flat = KnownRole("intern", "Intern")
    assert check(csv_of("Ana,a@example.com,intern"), roles=(flat,)).errors == ()
    assert problems(csv_of("Ana,a@example.com,intern,junior"), roles=(flat,)) == [
        'row 2, level: "junior" is not a level of role intern: the role has no levels; leave level empty'
    ]


def test_the_same_email_with_the_same_role_twice_is_a_duplicate() -> None:
    text = csv_of("Ana,a@example.com,seller", "Ana,A@example.com,support", "Ana,a@example.com,Seller,senior-seller")
    assert problems(text) == [
        'row 4, email: "a@example.com" already has role seller on row 2; remove one of the two rows'
    ]


def test_rows_of_one_person_must_agree_on_name_team_manager_and_start() -> None:
    text = csv_of(
        "Bo,b@example.com,seller",
        "Ana,a@example.com,seller,,b@example.com,Sales,2026-01-01",
        "Ana,a@example.com,support,,,,",
        "Ana L.,a@example.com,xx,,b@example.com,Ops,2026-01-01",
    )
    assert problems(text) == [
        'row 5, name: "Ana L." differs from "Ana" on row 3 for the same person; give the same name on every row '
        "of a@example.com",
        'row 5, role: "xx" is not a role; use one of: seller, support',
        'row 5, team: "Ops" differs from "Sales" on row 3 for the same person; give the same team on every row of '
        "a@example.com",
    ]
    assert check(text).people[1].team == "Sales"


def test_a_manager_must_be_in_the_file_or_among_the_organizations_people() -> None:
    text = csv_of("Ana,a@example.com,seller,,boss@example.com", "Bo,b@example.com,seller,,a@example.com")
    assert problems(text) == [
        'row 2, manager_email: "boss@example.com" is neither in this file nor one of the organization\'s people; '
        "add a row for them or correct the address"
    ]
    assert check(text, known=frozenset({"boss@example.com"})).errors == ()


def test_nobody_manages_themselves() -> None:
    assert problems(csv_of("Ana,a@example.com,seller,,A@example.com")) == [
        "row 2, manager_email: a person cannot manage themselves; leave it empty or give their manager's e-mail"
    ]


def test_a_circle_of_managers_is_reported_once_from_its_first_row() -> None:
    text = csv_of(
        "Cy,c@example.com,seller,,a@example.com",
        "Ana,a@example.com,seller,,b@example.com",
        "Bo,b@example.com,seller,,a@example.com",
    )
    assert problems(text) == [
        "row 3, manager_email: managers form a circle: a@example.com → b@example.com → a@example.com; "
        "someone in it must report to a person outside it, or to no one"
    ]


def test_a_circle_through_people_the_file_leaves_out_is_found() -> None:
    text = csv_of("Ana,a@example.com,seller,,x@example.com")
    known = frozenset({"x@example.com"})
    assert problems(text, known=known, managers={"x@example.com": "a@example.com"}) == [
        "row 2, manager_email: managers form a circle: a@example.com → x@example.com → a@example.com; "
        "someone in it must report to a person outside it, or to no one"
    ]


def test_the_file_replaces_its_peoples_current_managers() -> None:
    # Today x reports to Ana and Ana to x; the file gives Ana no manager, so there is no circle any more.
    circle = {"x@example.com": "a@example.com", "a@example.com": "x@example.com"}
    assert problems(csv_of("Ana,a@example.com,seller,,"), known=frozenset({"x@example.com"}), managers=circle) == []


def test_without_a_manager_column_current_managers_still_count_for_circles() -> None:
    text = csv_of("Ana,a@example.com,seller", header="name,email,role")
    assert problems(text, managers={"a@example.com": "x@example.com", "x@example.com": "a@example.com"}) == [
        "row 2, manager_email: managers form a circle: a@example.com → x@example.com → a@example.com; "
        "someone in it must report to a person outside it, or to no one"
    ]


def test_a_circle_among_people_outside_the_file_is_not_the_files_problem() -> None:
    known = frozenset({"x@example.com", "y@example.com"})
    text = csv_of("Ana,a@example.com,seller,,x@example.com")
    assert (
        problems(text, known=known, managers={"x@example.com": "y@example.com", "y@example.com": "x@example.com"}) == []
    )


def test_managers_come_before_their_reports() -> None:
    text = csv_of(
        "Dee,d@example.com,seller,,c@example.com",
        "Cy,c@example.com,seller,,b@example.com",
        "Ed,e@example.com,seller,,b@example.com",
        "Bo,b@example.com,seller,,out@example.com",
    )
    people = check(text, known=frozenset({"out@example.com"})).people
    assert [p.name for p in people] == ["Bo", "Cy", "Dee", "Ed"]


def test_blank_rows_are_skipped_but_keep_the_row_numbers_a_spreadsheet_shows() -> None:
    assert problems(csv_of("", ",,,", "Ana,ana@,seller")) == [
        'row 4, email: "ana@" is not an e-mail address; write it like name@example.com'
    ]


def test_a_byte_order_mark_and_semicolons_from_a_spreadsheet_are_understood() -> None:
    text = "\ufeffname;email;role;team\r\nAna;a@example.com;seller;Sales, North\r\n"
    assert check(text).people == (PersonRow("a@example.com", "Ana", (("seller", None),), "Sales, North", row=2),)


def test_a_row_the_csv_reader_cannot_read_is_reported() -> None:
    text = csv_of("Ana,a@example.com,seller", f'Bo,b@example.com,"{"x" * 200_000}"')
    [error] = check(text).errors
    assert (error.row, error.column) == (3, "")
    assert error.problem.startswith("this row cannot be read as CSV (")
    assert problems(f'"{"x" * 200_000}"') == [str(error).replace("row 3", "row 1")]


def test_an_error_without_a_column_prints_without_one() -> None:
    assert str(RowError(3, "", "blank")) == "row 3: blank"
    assert str(RowError(3, "email", "bad")) == "row 3, email: bad"


def test_writing_gives_one_row_per_person_and_role_in_the_same_format() -> None:
    people = [
        PersonRow("b@example.com", "Bo, Jr.", (("seller", "senior-seller"),), "Sales", None, date(2026, 1, 2)),
        PersonRow("a@example.com", "Ana", (("seller", None), ("support", "agent")), None, "b@example.com"),
    ]
    assert people_csv_write(people) == (
        "name,email,role,level,manager_email,team,start_date\n"
        '"Bo, Jr.",b@example.com,seller,senior-seller,,Sales,2026-01-02\n'
        "Ana,a@example.com,seller,,b@example.com,,\n"
        "Ana,a@example.com,support,agent,b@example.com,,\n"
    )


names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=20
)


@given(
    st.lists(
        st.tuples(names, st.sampled_from(["seller", "support"]), st.sampled_from(["", "Sales", "Ops; North"])),
        min_size=1,
        max_size=8,
        unique_by=lambda t: t[0],
    )
)
def test_what_is_written_reads_back_as_the_same_people(rows: list[tuple[str, str, str]]) -> None:
    people = tuple(
        PersonRow(f"p{i}@example.com", name, ((role, None),), team, "p0@example.com" if i else "", row=i + 2)
        for i, (name, role, team) in enumerate(rows)
    )
    result = check(people_csv_write(people))
    assert result.errors == ()
    assert result.people == people


def test_names_and_teams_with_a_line_break_or_control_character_are_refused() -> None:
    text = HEADER + '\n"Ana\nLima",ana@example.com,seller,,,Sales,\nBo,bo@example.com,seller,,,"Sa\x00les",\n'
    assert problems(text) == [
        "row 2, name: contains a line break or another control character (U+000A); write it on one line",
        "row 3, team: contains a line break or another control character (U+0000); write it on one line",
    ]


@given(st.text(alphabet=st.characters(categories=["Cc", "Zl", "Zp"]), min_size=1, max_size=3))
def test_no_control_character_ever_reaches_a_name(bad: str) -> None:
    inside = check(csv_of(f'"An{bad}a",ana@example.com,seller,,,,'))
    assert any("control character" in e.problem for e in inside.errors)
    around = check(csv_of(f'"{bad}Ana{bad}",ana@example.com,seller,,,,'))  # may be stripped as spacing
    assert all(not control_characters(p.name) for p in around.people)
