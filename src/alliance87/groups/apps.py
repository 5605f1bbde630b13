from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "alliance87.groups"
    label = "groups"
