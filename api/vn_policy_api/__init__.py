"""vn_policy_api: the HTTP service and the journalists' page over `vn_policy_nlp`.

    >>> from vn_policy_api import create_app
    >>> app = create_app()          # uvicorn vn_policy_api.app:create_app --factory

or `vn-policy-nlp serve --port 8000` from the command line.
"""

from __future__ import annotations

from pathlib import Path

__version__ = "1.0.0"
PACKAGE_DIR = Path(__file__).resolve().parent

__all__ = ["PACKAGE_DIR", "__version__", "create_app"]


def __getattr__(name: str) -> object:
    # `create_app` imports FastAPI and the routes; keep `import vn_policy_api` cheap for the CLI.
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
