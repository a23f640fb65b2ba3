"""Words SkillPath translates differently from Django's own catalogues.

Django's apps come first in ``INSTALLED_APPS``, so their translations of a common word ("Save") win over an
app's; ``config/locale`` (in ``LOCALE_PATHS``) wins over every app, so SkillPath's choice is kept there, for
its pages and the admin alike. ``tests/unit/test_translations.py`` finds a translation that another catalogue
shadows.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

WORDS = (gettext_noop("Save"), gettext_noop("Enabled"))
