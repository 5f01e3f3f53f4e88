"""Settings split by concern; every value comes from the environment (or the generated .env)."""

from .api import *  # noqa: F403
from .base import *  # noqa: F403
from .geo import *  # noqa: F403
from .observability import *  # noqa: F403
from .production import *  # noqa: F403  (DJANGO_ENV=production: checks and hardens base's values)
from .tasks import *  # noqa: F403

# isort: split
from .media import *  # noqa: F403  (after production: adds the photos storage)
