from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "harbour.backups"
    label = "backups"
    verbose_name = "Backup and restore"
