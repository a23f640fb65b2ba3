"""Answers write fewer index entries: a key that a composite index or unique constraint already starts with loses its
own index, and an attempt's optional check or diagnostic is indexed only where it is set.

Only the indexes change: Django would drop and re-add each foreign key (re-checking every row of a large table under
a lock) to alter ``db_index``, so the database side drops the single-column indexes by what the database reports.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

UNINDEXED = {  # table: columns whose own single-column index goes
    "learning_attempt": ["organization_id", "person_id", "variant_id", "module_check_id", "diagnostic_id"],
    "learning_memorystate": ["organization_id", "person_id"],
    "learning_skillstate": ["organization_id", "person_id"],
}


def drop_single_column_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    connection, quote = schema_editor.connection, schema_editor.quote_name
    with connection.cursor() as cursor:
        for table, columns in UNINDEXED.items():
            found = connection.introspection.get_constraints(cursor, table)
            for name, about in found.items():
                if (
                    about["index"]
                    and not about["unique"]
                    and not about["primary_key"]
                    and about["columns"] in ([column] for column in columns)
                ):
                    schema_editor.execute(schema_editor.sql_delete_index % {"table": quote(table), "name": quote(name)})


def create_single_column_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for table, columns in UNINDEXED.items():
        for column in columns:
            schema_editor.execute(f'CREATE INDEX "{table}_{column}_single" ON "{table}" ("{column}")')


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_content_translations"),
        ("learning", "0011_rename_run_to_check"),
        ("people", "0009_organization_outbox_flags"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="attempt",
                    name="diagnostic",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attempts",
                        to="learning.diagnosticrun",
                    ),
                ),
                migrations.AlterField(
                    model_name="attempt",
                    name="module_check",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attempts",
                        to="learning.modulecheck",
                    ),
                ),
                migrations.AlterField(
                    model_name="attempt",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="people.organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="attempt",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attempts",
                        to="people.person",
                    ),
                ),
                migrations.AlterField(
                    model_name="attempt",
                    name="variant",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attempts",
                        to="content.variant",
                    ),
                ),
                migrations.AlterField(
                    model_name="memorystate",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="people.organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="memorystate",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memories",
                        to="people.person",
                    ),
                ),
                migrations.AlterField(
                    model_name="skillstate",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="people.organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="skillstate",
                    name="person",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="skill_states",
                        to="people.person",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop_single_column_indexes, create_single_column_indexes)],
        ),
        migrations.AddIndex(
            model_name="attempt",
            index=models.Index(
                condition=models.Q(("module_check__isnull", False)), fields=["module_check"], name="attempt_in_check"
            ),
        ),
        migrations.AddIndex(
            model_name="attempt",
            index=models.Index(
                condition=models.Q(("diagnostic__isnull", False)), fields=["diagnostic"], name="attempt_in_diagnostic"
            ),
        ),
    ]
