"""What gunicorn imports (config.wsgi) leaves the process ready: every view imported
and everything start-up made frozen out of the cyclic garbage collector's way."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VIEWS = ("api.payments", "api.statements", "web.views.statements")
PROBE = f"""
import gc, sys
before = gc.get_freeze_count()
import config.wsgi
print(before, gc.get_freeze_count(), len(gc.get_objects()))
print(" ".join(m for m in {VIEWS!r} if m in sys.modules))
"""


def test_the_wsgi_app_imports_every_view_then_freezes_what_start_up_made():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    counts, modules = done.stdout.strip().splitlines()[-2:]
    before, frozen, tracked = map(int, counts.split())
    assert before == 0
    # Django, the apps and their modules: tens of thousands of objects, all frozen;
    # what is still tracked is what was made after the freeze (this probe's own).
    assert frozen > 50_000 and tracked < 1_000
    assert tuple(modules.split()) == VIEWS
