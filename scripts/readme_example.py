"""Regenerate the terminal example in README.md from `unspin analyze examples/harbour-strike.txt`.

    .venv/bin/python scripts/readme_example.py          # rewrite the block in README.md
    .venv/bin/python scripts/readme_example.py --check  # exit 1 if the README's block is stale
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MARKER = ("The terminal report (in a terminal, colours and underlines; without colour,\nas here, ⟦…⟧n marks a span of technique n of the legend and «…» a flagged passage):\n\n"
          "```text\n")


def render() -> str:
    env = dict(os.environ, COLUMNS="100", NO_COLOR="1", TERM="dumb")
    out = subprocess.run([sys.executable, "-m", "unspin", "analyze", "examples/harbour-strike.txt"], cwd=ROOT,
                         env=env, capture_output=True, text=True, check=True).stdout
    return "\n".join(line.rstrip() for line in out.splitlines()) + "\n"


def main() -> int:
    if set(sys.argv[1:]) - {"--check"}:
        print(__doc__.strip(), file=sys.stderr)  # --help, or anything unknown: say how, change nothing
        return 0 if set(sys.argv[1:]) & {"-h", "--help"} else 2
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.index(MARKER) + len(MARKER)
    end = text.index("```\n", start)
    new = text[:start] + render() + text[end:]
    if "--check" in sys.argv:
        return 0 if new == text else 1
    readme.write_text(new, encoding="utf-8")
    print(f"wrote {readme}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
