from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "alliance87.governance"
    label = "governance"
