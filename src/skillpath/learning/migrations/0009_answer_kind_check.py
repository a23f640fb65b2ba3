"""Answers in a module check are of kind ``check`` (they were stored as ``practice``, a word the reinforcement
pages used for something else)."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("learning", "Attempt").objects.filter(kind="practice").update(kind="check")


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("learning", "Attempt").objects.filter(kind="check").update(kind="practice")


class Migration(migrations.Migration):
    dependencies = [("learning", "0008_memory_fit_and_concept_difficulty")]

    operations = [
        migrations.AlterField(
            model_name="attempt",
            name="kind",
            field=models.CharField(
                choices=[
                    ("check", "Module check"),
                    ("reinforcement", "Spaced reinforcement"),
                    ("diagnostic", "Diagnostic"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
