# A run token per claim of a job, and the time the abandoned-job sweep last re-sent it.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('claims', '0004_revisions_and_job_heartbeat'),
    ]

    operations = [
        migrations.AddField(
            model_name='exportjob',
            name='resent_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='exportjob',
            name='run_token',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='importjob',
            name='resent_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='importjob',
            name='run_token',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
    ]
