"""How `unspin serve` logs: every line timestamped, on stderr, the app's own lines (``unspin.*``)
with uvicorn's, and an access log of one line per request (``--no-access-log`` to leave it out).

    uvicorn.run(app, log_config=log_config("info"), log_level="info")
"""

from __future__ import annotations

from typing import Any

#: what a line starts with: when, in local time with its offset from UTC
DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
LEVELS = ("debug", "info", "warning", "error")


def log_config(level: str = "info") -> dict[str, Any]:
    """A logging.config dict for uvicorn: `level` for uvicorn's loggers and the app's, except the
    start-up lines (``unspin.serve``: where it serves), which are written at any level."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "default": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s", "datefmt": DATE_FORMAT},
            "access": {"()": "uvicorn.logging.AccessFormatter", "use_colors": False, "datefmt": DATE_FORMAT,
                       "fmt": '%(asctime)s access %(client_addr)s "%(request_line)s" %(status_code)s'},
        },
        "handlers": {
            "default": {"formatter": "default", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
            "access": {"formatter": "access", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
        },
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            "uvicorn.error": {"level": level.upper()},
            "uvicorn.access": {"handlers": ["access"], "level": level.upper(), "propagate": False},
            "unspin": {"handlers": ["default"], "level": level.upper(), "propagate": False},
            # where the server listens, and the warning when anyone can reach it, at every level
            "unspin.serve": {"level": "INFO"},
        },
    }
