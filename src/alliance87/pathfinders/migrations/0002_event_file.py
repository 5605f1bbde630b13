import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pathfinders", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="pathfinderevent",
            name="file",
            field=models.FileField(
                blank=True,
                help_text="The letter, timeline, stocktaking or evidence (PDF, DOCX or XLSX).",
                upload_to="pathfinders/events/%Y/%m/",
                validators=[django.core.validators.FileExtensionValidator(["pdf", "docx", "xlsx"])],
                verbose_name="file",
            ),
        ),
    ]
