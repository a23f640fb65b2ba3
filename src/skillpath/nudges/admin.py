from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from skillpath.nudges.models import NudgeSent, NudgeSettings


@admin.register(NudgeSettings)
class NudgeSettingsAdmin(admin.ModelAdmin[NudgeSettings]):
    list_display = ("organization", "webhook_url")


@admin.register(NudgeSent)
class NudgeSentAdmin(admin.ModelAdmin[NudgeSent]):
    list_display = ("person", "local_date", "channel", "sent_at", "summary")
    list_filter = ("channel", "local_date")
    search_fields = ("person__name", "person__user__email")
    list_select_related = ("person",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: NudgeSent | None = None) -> bool:
        return False
