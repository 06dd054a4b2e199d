from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "harbour.orders"
