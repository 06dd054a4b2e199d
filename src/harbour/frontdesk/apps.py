from django.apps import AppConfig


class FrontdeskConfig(AppConfig):
    name = "harbour.frontdesk"
