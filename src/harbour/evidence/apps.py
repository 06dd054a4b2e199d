from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "harbour.evidence"
    label = "evidence"
    verbose_name = "Evidence"
