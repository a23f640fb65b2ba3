import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """One word per concept: a module's check is stored as ``ModuleCheck`` (was ``ModuleRun``), an answer's
    ``module_check`` (was ``run``) and a module's progress counts ``checks`` (was ``runs``). Data is kept."""

    dependencies = [
        ("content", "0003_skill_rubric"),
        ("learning", "0010_observations"),
        ("people", "0008_person_language"),
    ]

    operations = [
        migrations.RenameModel(old_name="ModuleRun", new_name="ModuleCheck"),
        migrations.RenameIndex(
            model_name="modulecheck",
            new_name="learning_mo_person__771eca_idx",
            old_name="learning_mo_person__80b293_idx",
        ),
        migrations.AlterField(
            model_name="modulecheck",
            name="module",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="checks", to="content.module"
            ),
        ),
        migrations.AlterField(
            model_name="modulecheck",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="module_checks", to="people.person"
            ),
        ),
        migrations.RenameField(model_name="attempt", old_name="run", new_name="module_check"),
        migrations.RenameField(model_name="moduleprogress", old_name="runs", new_name="checks"),
    ]
