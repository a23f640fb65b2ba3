from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0008_person_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="organization",
            name="has_lrs",
            field=models.BooleanField(default=False, editable=False, help_text="It has an LRS connection."),
        ),
        migrations.AddField(
            model_name="organization",
            name="has_webhooks",
            field=models.BooleanField(default=False, editable=False, help_text="It has a webhook endpoint."),
        ),
    ]
