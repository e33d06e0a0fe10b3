"""Regenerate the terminal example in README.md from `unspin analyze examples/harbour-strike.txt`,
and run every ```python block of README.md from the checkout's root (each in a fresh interpreter).

    .venv/bin/python scripts/readme_example.py          # rewrite the block in README.md; run the python blocks
    .venv/bin/python scripts/readme_example.py --check  # exit 1 if the README's block is stale or a python block fails
"""

from __future__ import annotations

import os
import re
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


def python_blocks(text: str) -> list[tuple[int, str]]:
    """(line number, code) of each ```python block of `text`."""
    return [(text.count("\n", 0, m.start()) + 2, m.group(1)) for m in re.finditer(r"^```python\n(.*?)^```", text, re.S | re.M)]


def failing_blocks(text: str) -> list[str]:
    """What went wrong in each python block of `text` that does not run from the checkout's root."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])))
    failed = []
    for line, code in python_blocks(text):
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            last = (proc.stderr.strip().splitlines() or ["no message"])[-1]
            failed.append(f"README.md:{line}: the python block fails: {last}")
    return failed


def main() -> int:
    if set(sys.argv[1:]) - {"--check"}:
        print(__doc__.strip(), file=sys.stderr)  # --help, or anything unknown: say how, change nothing
        return 0 if set(sys.argv[1:]) & {"-h", "--help"} else 2
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.index(MARKER) + len(MARKER)
    end = text.index("```\n", start)
    new = text[:start] + render() + text[end:]
    failed = failing_blocks(text)
    for problem in failed:
        print(problem, file=sys.stderr)
    if "--check" in sys.argv:
        if new != text:
            print("README.md: the terminal example is stale: run scripts/readme_example.py", file=sys.stderr)
        return 0 if new == text and not failed else 1
    readme.write_text(new, encoding="utf-8")
    print(f"wrote {readme}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
