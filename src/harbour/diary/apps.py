from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "harbour.diary"
