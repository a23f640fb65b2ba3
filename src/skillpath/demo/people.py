"""The demo organization's people: a small company with managers, learners in every role, an admin."""

from __future__ import annotations

from datetime import date, timedelta

from skillpath.people.services import PersonSpec

ORG_SLUG = "northwind"
ORG_NAME = "Northwind Software"
PASSWORD = "northwind-demo"  # noqa: S105 - the published demo password
DOMAIN = "northwind.example.com"
LANGUAGES = {f"jo@{DOMAIN}": "de"}
"""Demo people who use SkillPath in another language (Jo, in Customer Support, learns from its German translation);
everyone else follows their browser."""


def demo_people(today: date) -> list[PersonSpec]:
    """Managers first, so reports can name them. Each learner is at day 10, 30, 60 or 90 of their role path
    (``started_on``), so every page has something real to show; Ada started long ago."""

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    def email(name: str) -> str:
        return f"{name}@{DOMAIN}"

    return [
        PersonSpec(
            email("ada"),
            "Ada Okafor",
            [("leadership", "senior-manager")],
            "People & Learning",
            is_admin=True,
            is_author=True,
            is_manager=True,
            started_on=ago(400),
        ),
        PersonSpec(
            email("maya"),
            "Maya Chen",
            [("leadership", "manager"), ("sales-executive", None)],
            "Sales",
            email("ada"),
            is_manager=True,
            started_on=ago(90),
        ),
        PersonSpec(
            email("leo"),
            "Leo Martins",
            [("leadership", "team-lead"), ("customer-support", None)],
            "Customer Support",
            email("ada"),
            is_manager=True,
            started_on=ago(90),
        ),
        PersonSpec(email("sam"), "Sam Rivera", [("sales-executive", None)], "Sales", email("maya"), started_on=ago(30)),
        PersonSpec(
            email("priya"), "Priya Natarajan", [("sales-executive", None)], "Sales", email("maya"), started_on=ago(60)
        ),
        PersonSpec(email("tom"), "Tom Becker", [("sales-executive", None)], "Sales", email("maya"), started_on=ago(10)),
        PersonSpec(
            email("jo"), "Jo Kim", [("customer-support", None)], "Customer Support", email("leo"), started_on=ago(60)
        ),
        PersonSpec(
            email("aisha"),
            "Aisha Bello",
            [("customer-support", None)],
            "Customer Support",
            email("leo"),
            started_on=ago(10),
        ),
        PersonSpec(
            email("omar"), "Omar Haddad", [("operations", None)], "Operations", email("ada"), started_on=ago(60)
        ),
        PersonSpec(email("grace"), "Grace Liu", [("technical", None)], "Engineering", email("ada"), started_on=ago(90)),
        PersonSpec(email("dev"), "Dev Patel", [("technical", None)], "Engineering", email("ada"), started_on=ago(30)),
    ]
