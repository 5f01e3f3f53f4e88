"""Settings split by concern; every value comes from the environment (or the generated .env)."""

from .api import *  # noqa: F403
from .base import *  # noqa: F403
from .geo import *  # noqa: F403
from .tasks import *  # noqa: F403
