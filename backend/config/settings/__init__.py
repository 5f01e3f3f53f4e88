"""Settings split by concern; every value comes from the environment (or the generated .env)."""

from .base import *  # noqa: F403
from .api import *  # noqa: F403
from .geo import *  # noqa: F403
from .tasks import *  # noqa: F403
