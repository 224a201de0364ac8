"""Create the two groups: analysts read the dashboard and export; editors also use the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ANALYST_PERMISSIONS = ["view_dashboard", "export_csv"]
EDITED_MODELS = [
    "readout",
    "engagement",
    "engagementcountry",
    "engagementtopic",
    "participation",
    "person",
    "agreement",
    "agreementevent",
    "exercise",
    "exercisemention",
    "forum",
]
VIEWED_MODELS = ["country", "topic"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label="engagements")

    analysts, _ = Group.objects.get_or_create(name="analysts")
    analysts.permissions.set(ours.filter(codename__in=ANALYST_PERMISSIONS))

    editor_codenames = list(ANALYST_PERMISSIONS)
    for model in EDITED_MODELS:
        editor_codenames += [f"{action}_{model}" for action in ("add", "change", "delete", "view")]
    editor_codenames += [f"view_{model}" for model in VIEWED_MODELS]
    editors, _ = Group.objects.get_or_create(name="editors")
    editors.permissions.set(ours.filter(codename__in=editor_codenames))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["analysts", "editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("engagements", "0003_topics"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
