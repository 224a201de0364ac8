"""The topics' (topic, date) index carries each row's engagement: a network of several
topics finds the engagements on more than one of them from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0030_pair_topic_years"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="engagementtopic",
            name="engtopic_topic_date_idx",
        ),
        migrations.AddIndex(
            model_name="engagementtopic",
            index=models.Index(fields=["topic", "date"], include=("engagement",), name="engtopic_topic_date_idx"),
        ),
    ]
