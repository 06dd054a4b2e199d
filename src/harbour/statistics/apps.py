from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "harbour.statistics"
    label = "statistics"
