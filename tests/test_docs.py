"""The docs say what the code does: the README's first commands exist, the CLI reference is
generated from the commands' own --help, and every `unspin ...` command the README shows exists."""

import re
import subprocess
import sys

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_setup_commands():
    first_block = re.search(r"```(?:sh|bash)?\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.strip().splitlines()]
    assert commands == ["make demo", "make test"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_cli_reference_is_current():
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "cli_reference.py"), "--check"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_every_command_in_the_readme_exists():
    import click
    import typer.main

    from unspin.cli import app

    root = typer.main.get_command(app)
    code = "\n".join(re.findall(r"```[a-z]*\n(.*?)```", README, re.S) + re.findall(r"`([^`\n]+)`", README))
    shown = set(re.findall(r"(?:^|\s|/)unspin ((?:[a-z]+)(?: [a-z]+)?)", code, re.M))
    assert shown, "the README shows no unspin command"
    for phrase in shown:
        words = phrase.split()
        cmd = root.commands.get(words[0])
        assert cmd is not None, f"README shows `unspin {words[0]}`, which does not exist"
        if isinstance(cmd, click.Group) and len(words) > 1 and words[1] in cmd.commands:
            continue
        if isinstance(cmd, click.Group) and len(words) > 1:
            assert words[1] in cmd.commands, f"README shows `unspin {phrase}`, which does not exist"
