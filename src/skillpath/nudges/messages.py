"""The words of a digest: an e-mail (text and HTML) and a chat message, from one list of lines."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from skillpath.config.formats import local_date
from skillpath.domain.habit import Habit
from skillpath.domain.nudging import Digest
from skillpath.people.models import Person


def _day(on: date) -> str:
    return local_date(on, "WEEKDAY_FORMAT")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def subject(digest: Digest) -> str:
    if digest.due_count:
        return f"{_plural(digest.due_count, 'idea', 'ideas')} to refresh today"
    if digest.milestones:
        first = digest.milestones[0]
        return f"Milestone “{first.title}” {'was due' if first.missed else 'is due'} {_day(first.due_on)}"
    if not digest.certificates:
        return f"Assigned work is overdue: {digest.overdue[0]}"
    first_cert = digest.certificates[0]
    return f"Your certificate “{first_cert.title}” needs a refresh"


def lines(digest: Digest) -> list[str]:
    """One sentence per thing worth saying, most urgent first."""
    said = []
    if digest.due_count:
        said.append(
            f"{_plural(digest.due_count, 'idea is', 'ideas are')} due for reinforcement today: a quick recall "
            f"now keeps them from fading. Today's session takes about {max(1, math.ceil(digest.minutes))} min."
        )
    for m in digest.milestones:
        if m.missed:
            said.append(f"Milestone “{m.title}” was due {_day(m.due_on)}; it is still within reach.")
        else:
            said.append(f"Milestone “{m.title}” is due {_day(m.due_on)}.")
    for c in digest.certificates:
        if c.expired:
            said.append(f"Your certificate “{c.title}” has expired: refreshing its skills renews it.")
        else:
            said.append(f"Your certificate “{c.title}” is at risk: a required skill is fading.")
    for title in digest.overdue:
        said.append(f"“{title}”, assigned to you, is past its due date: it is still worth finishing.")
    if digest.habit is not None:
        said.append(habit_line(digest.habit))
    return said


def habit_line(habit: Habit) -> str:
    """The practice streak and the week in one sentence (what today's answers would do for them)."""
    week = f"this week {habit.week_days} of {habit.week_goal} practice days"
    if habit.today_frozen:
        return f"Today is a day off: your {_plural(habit.streak, 'day', 'days')} streak waits for you ({week})."
    if habit.streak and not habit.today_done:
        return (
            f"Your practice streak is {_plural(habit.streak, 'day', 'days')}: {habit.today_needed} answers "
            f"today keep it going ({week})."
        )
    return f"Practice streak: {_plural(habit.streak, 'day', 'days')} ({week})."


def links() -> dict[str, str]:
    base = settings.PUBLIC_URL
    return {"today_url": f"{base}/", "settings_url": f"{base}/settings/"}


def digest_email(person: Person, digest: Digest) -> EmailMultiAlternatives:
    """The digest as a multipart e-mail (plain text, with an HTML alternative) to the person's address."""
    context: dict[str, Any] = {
        "first_name": person.name.split()[0] if person.name.strip() else "there",
        "organization": person.organization.name,
        "lines": lines(digest),
        "concepts": digest.concepts,
        "more": max(0, digest.due_count - len(digest.concepts)),
        **links(),
    }
    message = EmailMultiAlternatives(
        subject=f"SkillPath: {subject(digest)}",
        body=render_to_string("nudges/digest.txt", context),
        to=[person.user.email],
    )
    message.attach_alternative(render_to_string("nudges/digest.html", context), "text/html")
    return message


def digest_chat(person: Person, digest: Digest) -> dict[str, str]:
    """The digest as an incoming-webhook payload that Slack and Microsoft Teams both accept."""
    body = "\n".join(f"• {line}" for line in lines(digest))
    return {"text": f"SkillPath reminder for {person.name}\n{body}\nStart today's session: {links()['today_url']}"}
