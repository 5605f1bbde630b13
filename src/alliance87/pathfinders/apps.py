from django.apps import AppConfig


class PathfindersConfig(AppConfig):
    name = "alliance87.pathfinders"
    label = "pathfinders"
