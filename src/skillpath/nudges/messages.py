"""The words of a digest: an e-mail (text and HTML) and a chat message, from one list of lines, in the language
active when they are made (the sender activates the person's)."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from skillpath.config.formats import local_date
from skillpath.domain.habit import Habit
from skillpath.domain.nudging import Digest
from skillpath.people.models import Person


def _day(on: date) -> str:
    return local_date(on, "WEEKDAY_FORMAT")


def subject(digest: Digest) -> str:
    if digest.due_count:
        return ngettext("{count} idea to refresh today", "{count} ideas to refresh today", digest.due_count).format(
            count=digest.due_count
        )
    if digest.milestones:
        first = digest.milestones[0]
        said = _("Milestone “{title}” was due {day}") if first.missed else _("Milestone “{title}” is due {day}")
        return said.format(title=first.title, day=_day(first.due_on))
    if not digest.certificates:
        return _("Assigned work is overdue: {title}").format(title=digest.overdue[0])
    return _("Your certificate “{title}” needs a refresh").format(title=digest.certificates[0].title)


def lines(digest: Digest) -> list[str]:
    """One sentence per thing worth saying, most urgent first."""
    said = []
    if digest.due_count:
        said.append(
            ngettext(
                "{count} idea is due for reinforcement today: a quick recall now keeps it from fading. "
                "Today's session takes about {minutes} min.",
                "{count} ideas are due for reinforcement today: a quick recall now keeps them from fading. "
                "Today's session takes about {minutes} min.",
                digest.due_count,
            ).format(count=digest.due_count, minutes=max(1, math.ceil(digest.minutes)))
        )
    for m in digest.milestones:
        if m.missed:
            said.append(
                _("Milestone “{title}” was due {day}; it is still within reach.").format(
                    title=m.title, day=_day(m.due_on)
                )
            )
        else:
            said.append(_("Milestone “{title}” is due {day}.").format(title=m.title, day=_day(m.due_on)))
    for c in digest.certificates:
        if c.expired:
            said.append(
                _("Your certificate “{title}” has expired: refreshing its skills renews it.").format(title=c.title)
            )
        else:
            said.append(_("Your certificate “{title}” is at risk: a required skill is fading.").format(title=c.title))
    for title in digest.overdue:
        said.append(
            _("“{title}”, assigned to you, is past its due date: it is still worth finishing.").format(title=title)
        )
    if digest.habit is not None:
        said.append(habit_line(digest.habit))
    return said


def habit_line(habit: Habit) -> str:
    """The practice streak and the week in one sentence (what today's answers would do for them)."""
    week = _("this week {done} of {goal} practice days").format(done=habit.week_days, goal=habit.week_goal)
    if habit.today_frozen:
        said = ngettext(
            "Today is a day off: your {streak} day streak waits for you ({week}).",
            "Today is a day off: your {streak} days streak waits for you ({week}).",
            habit.streak,
        )
        return said.format(streak=habit.streak, week=week)
    if habit.streak and not habit.today_done:
        said = ngettext(
            "Your practice streak is {streak} day: {answers} answers today keep it going ({week}).",
            "Your practice streak is {streak} days: {answers} answers today keep it going ({week}).",
            habit.streak,
        )
        return said.format(streak=habit.streak, answers=habit.today_needed, week=week)
    said = ngettext("Practice streak: {streak} day ({week}).", "Practice streak: {streak} days ({week}).", habit.streak)
    return said.format(streak=habit.streak, week=week)


def links() -> dict[str, str]:
    base = settings.PUBLIC_URL
    return {"today_url": f"{base}/", "settings_url": f"{base}/settings/"}


def digest_email(person: Person, digest: Digest) -> EmailMultiAlternatives:
    """The digest as a multipart e-mail (plain text, with an HTML alternative) to the person's address."""
    context: dict[str, Any] = {
        "first_name": person.name.split()[0] if person.name.strip() else "",
        "organization": person.organization.name,
        "lines": lines(digest),
        "concepts": digest.concepts,
        "more": max(0, digest.due_count - len(digest.concepts)),
        **links(),
    }
    message = EmailMultiAlternatives(
        subject=_("SkillPath: {subject}").format(subject=subject(digest)),
        body=render_to_string("nudges/digest.txt", context),
        to=[person.user.email],
    )
    message.attach_alternative(render_to_string("nudges/digest.html", context), "text/html")
    return message


def digest_chat(person: Person, digest: Digest) -> dict[str, str]:
    """The digest as an incoming-webhook payload that Slack and Microsoft Teams both accept."""
    body = "\n".join(f"• {line}" for line in lines(digest))
    heading = _("SkillPath reminder for {name}").format(name=person.name)
    start = _("Start today's session: {url}").format(url=links()["today_url"])
    return {"text": f"{heading}\n{body}\n{start}"}
