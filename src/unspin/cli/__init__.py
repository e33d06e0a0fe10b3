"""The `unspin` command: a thin layer over library functions.

Each command module under ``unspin.cli`` defines ``register(app)``; commands parse options, call a
library function and print what it returns. Every UnspinError becomes one clear line on stderr and
a non-zero exit code: no tracebacks for bad input.
"""

from __future__ import annotations

import os
import sys

import typer

from .._imports import optional_import

app = typer.Typer(
    name="unspin",
    help="Show where and how a news article manipulates its reader.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

def _version(value: bool) -> None:
    if value:
        from .analyze import version_command

        version_command()
        raise typer.Exit(0)


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version (as `unspin version`) and exit."),
) -> None:
    """Show where and how a news article manipulates its reader."""


COMMAND_MODULES = (
    "unspin.cli.analyze",
    "unspin.cli.semeval",
    "unspin.cli.train",
    "unspin.cli.evaluate",
    "unspin.cli.index",
    "unspin.cli.serve",
    "unspin.cli.batch",
)

#: exit codes
EXIT_INPUT = 2
EXIT_FAILURE = 1


def _register_all() -> None:
    for name in COMMAND_MODULES:
        module = optional_import(name)
        if module is not None:
            module.register(app)


_register_all()


def _no_type_for_flags() -> None:
    """Typer 0.2x prints `--fetch <bool>` in help, as if a flag took a value (`--fetch true` is then a
    usage error): show flags with no type, as click itself does."""
    core = optional_import("typer.core")
    option = getattr(core, "TyperOption", None)
    shown = getattr(option, "display_type_rich", None)
    if shown is None or getattr(shown, "_unspin", False):
        return

    def display_type_rich(self, ctx):
        return None if getattr(self, "is_flag", False) else shown(self, ctx)

    display_type_rich._unspin = True
    option.display_type_rich = display_type_rich


_no_type_for_flags()


def _click_exceptions() -> tuple[tuple[type, ...], tuple[type, ...]]:
    """(usage errors, aborts) of click and of the copy of click that newer Typer versions vendor
    (typer._click), whichever raised them."""
    import importlib

    usage, abort = [], []
    for name in ("click.exceptions", "typer._click.exceptions", "typer.exceptions", "typer"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        usage += [getattr(module, "ClickException")] if hasattr(module, "ClickException") else []
        abort += [getattr(module, "Abort")] if hasattr(module, "Abort") else []
    return tuple(usage), tuple(abort)


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point."""
    from ..errors import UnspinError
    from ..nlp import LIGHT_ENV

    # this process (and the batch workers it starts, which inherit the environment) parses with
    # spaCy without thinc loading torch; the `full` profile still imports torch itself (unspin.nlp)
    os.environ.setdefault(LIGHT_ENV, "1")

    try:
        # in non-standalone mode click returns (not raises) the code of a `typer.Exit(code)`
        code = app(args=argv, prog_name="unspin", standalone_mode=False)
        if code == 130:  # Typer's answer to a Ctrl-C the command did not handle (one that did exits by SystemExit)
            print("unspin: interrupted", file=sys.stderr)
    except UnspinError as err:
        print(f"unspin: error: {err}", file=sys.stderr)
        return err.exit_code
    except typer.Exit as exc:
        return exc.exit_code
    except SystemExit as exc:  # click usage errors in non-standalone mode
        if isinstance(exc.__context__, BrokenPipeError):
            return 0  # click turns a closed pipe ("unspin index list | head -1") into exit 1: the reader had enough
        if isinstance(exc.code, str):  # SystemExit("message"): the message is the user's to read
            print(exc.code, file=sys.stderr)
        return exc.code if isinstance(exc.code, int) else EXIT_FAILURE
    except KeyboardInterrupt:
        print("unspin: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:  # a file or socket the command could not use, named in one line
        where = f": {err.filename}" if getattr(err, "filename", None) else ""
        print(f"unspin: error: {err.strerror or err}{where}", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as err:  # click's usage errors and aborts
        usage, abort = _click_exceptions()
        if isinstance(err, usage):
            if isinstance(getattr(err, "message", None), str):  # Typer's choice check words it "Value error, 'xml' is not one of"
                err.message = err.message.replace("Value error, ", "")
            err.show()
            args = list(sys.argv[1:] if argv is None else argv)
            if getattr(err, "ctx", True) is None and args and not args[0].startswith("-"):
                # click knows no command context for "Option '-f' requires an argument": point at the help
                print(f"Try 'unspin {args[0]} --help' for help.", file=sys.stderr)
            return err.exit_code
        if isinstance(err, abort):
            return 1
        raise
    return code if isinstance(code, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
