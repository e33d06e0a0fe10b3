"""unspin's web app: a page to paste, upload or fetch an article and read its report, and a REST
API (``/v1/...``). Build it with :func:`unspin.web.app.create_app`; ``unspin serve`` runs it.

Importing this package is light: FastAPI is imported by ``unspin.web.app`` only.
"""
