"""The Celery app: `celery -A config worker`.

Configured from the Django settings, which read the environment (`CELERY_BROKER_URL`,
`CELERY_RESULT_BACKEND`, ...: docs/operations.md). The tasks are in `jobs/tasks.py`.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("notekeeper")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
