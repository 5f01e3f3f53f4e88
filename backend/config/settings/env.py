from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parents[2]  # backend/
REPO_DIR = BASE_DIR.parent

env = environ.Env()
# The generated .env at the repository root; real environment variables win over it.
environ.Env.read_env(REPO_DIR / ".env", overwrite=False)
