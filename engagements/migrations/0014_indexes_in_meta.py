"""The indexes 0006 and 0008 made with raw SQL, now declared in the models' Meta.

State only: each index already exists under the same name and definition, so nothing is
built again (on a big table a rebuild would lock writes for minutes). 0005's trigram indexes
stay in SQL: they exist only where the server offers pg_trgm, which Meta cannot say.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("engagements", "0013_link_tables_verbose_names")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.AddIndex(
                    model_name="agreementevent",
                    index=models.Index(
                        models.OrderBy(models.F("date"), descending=True, nulls_last=True),
                        models.OrderBy(models.F("id"), descending=True),
                        name="agrevent_newest_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="agreementevent",
                    index=models.Index(
                        models.OrderBy(models.F("date"), nulls_last=True),
                        models.OrderBy(models.F("id")),
                        name="agrevent_oldest_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="engagement",
                    index=models.Index(
                        models.OrderBy(models.F("date"), descending=True, nulls_last=True),
                        models.OrderBy(models.F("id"), descending=True),
                        name="engagement_newest_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="engagementcountry",
                    index=models.Index(
                        condition=models.Q(("is_partner", True)),
                        fields=["country", "date"],
                        name="engcountry_partner_date_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="exercisemention",
                    index=models.Index(
                        models.OrderBy(models.F("date"), descending=True, nulls_last=True),
                        models.OrderBy(models.F("id"), descending=True),
                        name="exmention_newest_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="exercisemention",
                    index=models.Index(
                        models.OrderBy(models.F("date"), nulls_last=True),
                        models.OrderBy(models.F("id")),
                        name="exmention_oldest_idx",
                    ),
                ),
                migrations.AddIndex(
                    model_name="readout",
                    index=models.Index(
                        models.OrderBy(models.F("published_on"), descending=True, nulls_last=True),
                        models.OrderBy(models.F("id"), descending=True),
                        name="readout_newest_idx",
                    ),
                ),
            ],
        )
    ]
