"""Renderers: pure functions of a Report (text for terminals, JSON, HTML, SemEval files)."""
