from django.apps import AppConfig


class BenchtoolsConfig(AppConfig):
    """Tools to measure Newsroom at scale: the `build_archive` command. No models."""

    name = "benchtools"
    verbose_name = "Bench tools"
