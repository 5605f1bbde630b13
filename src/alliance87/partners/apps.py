from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "alliance87.partners"
    label = "partners"
