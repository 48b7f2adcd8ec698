"""The WSGI application gunicorn serves (`gunicorn config.wsgi:application`).

Once Django is set up, every view is imported (the URLconf loads lazily, on the first
request, otherwise) and what the process holds after start-up is frozen out of the
cyclic garbage collector's way (`gc.freeze`): a full collection no longer walks the
hundred thousand objects of Django, the apps and their modules, which live as long as
the process. They are still freed by reference counting; only garbage cycles among
them would stay, and there are none to speak of once start-up is over. Under load, a
worker's full collections took 60-70 ms each (docs/performance.md, run 18): every
request in flight waited, and a posting holding its note's lock held every other
posting to that note too.
"""

import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
import_module(settings.ROOT_URLCONF)
gc.collect()
gc.freeze()
