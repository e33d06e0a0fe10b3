"""Imported by the fork server of web/isolated.py only: one small page read there, so that each
process forked from it starts with the extraction's lazy imports and compiled patterns in place."""

from ..inputs import from_html

from_html("<html><head><title>Storm closes roads - Example News</title></head><body><article><h1>Storm closes roads</h1>"
          "<p>The council said on Monday that 12 roads were closed after the storm, police said.</p>"
          "<p>Engineers worked through the night to clear fallen trees.</p></article></body></html>")
