from django.urls import path

from harbour.orders import views

urlpatterns = [
    path("cases/<int:case_id>/orders/", views.case_orders, name="case-orders"),
    path("cases/<int:case_id>/orders/new/", views.order_new, name="order-new"),
    path("cases/<int:case_id>/orders/<int:order_id>/", views.order_detail, name="order-detail"),
    path("cases/<int:case_id>/orders/<int:order_id>/amend/", views.order_amend, name="order-amend"),
    path("cases/<int:case_id>/possible-breaches/<int:breach_id>/", views.breach_detail, name="breach-detail"),
    path("possible-breaches/", views.possible_breaches, name="possible-breaches"),
]
