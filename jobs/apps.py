from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Management commands (and, later, tasks): an interface, like the API and the pages."""

    name = "jobs"
