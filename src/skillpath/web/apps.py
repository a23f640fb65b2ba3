from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "skillpath.web"
    label = "web"
    verbose_name = "Web"

    def ready(self) -> None:
        from django.utils import translation

        from skillpath.domain import i18n

        # The core's messages are translated into the language active when they are made (the request's).
        i18n.install(translation.gettext, translation.ngettext)
