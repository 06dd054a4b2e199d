from django.urls import path

from harbour.awareness import views

urlpatterns = [
    path("awareness/", views.module, name="awareness-module"),
    path("awareness/rates/", views.rates, name="awareness-rates"),
]
