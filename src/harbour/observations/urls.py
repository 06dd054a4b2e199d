from django.urls import path

from harbour.observations import views

urlpatterns = [
    path("observations/", views.observation_list, name="observation-list"),
    path("observations/new/", views.observation_new, name="observation-new"),
    path("observations/front-desk/", views.front_desk_request, name="observation-front-desk"),
    path("observations/<int:observation_id>/", views.observation_detail, name="observation-detail"),
    path("your-support/observations/", views.support_observations, name="support-observations"),
    path(
        "your-support/observations/<int:observation_id>/",
        views.support_observation,
        name="support-observation",
    ),
]
