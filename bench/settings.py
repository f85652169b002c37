"""Settings for benchmarks: the project's settings plus the bench-only pages (bench/urls.py).

DEBUG is off (as in production: no query log kept in memory, cached templates) whatever DJANGO_ENV
says; everything else, including sessions saved on every request and django-axes, is the project's.
"""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

DEBUG = False
ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "root": {"handlers": ["console"], "level": "ERROR"}}

# Static files are not served in a benchmark run (no collectstatic): silence WhiteNoise's notice.
import warnings  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
