from django.urls import path

from harbour.statistics import views

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/download.csv", views.statistics_csv, name="statistics-csv"),
]
