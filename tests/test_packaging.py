"""unspin installed as a package: what a user who skipped an extra, or who has no checkout around
the installed copy, sees. The runs are subprocesses in which the extra's modules cannot be imported
(``sys.modules[name] = None``, as when the package is not installed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE, ROOT

#: a CLI run in which `modules` do not import
WITHOUT = "import sys\nfor m in sys.argv[1].split(','):\n    sys.modules[m] = None\nfrom unspin.cli import main\nsys.exit(main(sys.argv[2:]))"


def run_without(modules: str, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", WITHOUT, modules, *args], capture_output=True, text=True, timeout=300, **kw)


def python_without(modules: str, code: str) -> subprocess.CompletedProcess:
    prelude = f"import sys\nfor m in {modules.split(',')!r}:\n    sys.modules[m] = None\n"
    return subprocess.run([sys.executable, "-c", prelude + code], capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_the_full_profile_without_torch_says_what_to_install():
    proc = run_without("torch,transformers,safetensors", "analyze", str(EXAMPLE), "--profile", "full", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "analyser techniques_full is unavailable" in proc.stdout
    assert "needs the 'torch' package, which is not installed. Install it with: pip install 'unspin[full]'" in proc.stdout
    # the fast profile's tagger stands in: the full profile had given no technique spans at all
    report = json.loads(proc.stdout)
    assert "techniques_fast ran in its place" in " ".join(report["warnings"])
    assert report["layers_run"] == ["techniques", "claims", "passages", "verdict"] and report["techniques"]


def test_full_check_worthiness_without_torch_raises_missing_dependency():
    proc = python_without("torch,transformers,safetensors", (
        "import unspin\nfrom unspin.errors import MissingDependency\n"
        "try:\n    unspin.score_checkworthiness(['Unemployment fell to 3.9 percent.'], tier='full')\n"
        "except MissingDependency as err:\n    print('missing:', err.package, err.extra)\n"))
    assert proc.stdout.strip() == "missing: torch full", proc.stderr


@pytest.mark.parametrize("missing, args, package, extra", [
    ("fastapi", ["serve"], "fastapi", "web"),
    ("uvicorn", ["serve", "--port", "8731"], "uvicorn", "web"),
    ("pyarrow", ["batch", str(EXAMPLE.parent), "--out", "{tmp}/out"], "pyarrow", "batch"),
    ("duckdb", ["batch", str(EXAMPLE.parent), "--out", "{tmp}/out.duckdb"], "duckdb", "batch"),
    ("duckdb", ["report", "{tmp}", "--out", "{tmp}/summary.html"], "duckdb", "batch"),
    # asked to compare with a reference index: analysing without it (the whole splice layer left out) is no answer
    ("datasketch", ["analyze", str(EXAMPLE), "--index", "{tmp}/refs.sqlite"], "datasketch", "index"),
    ("datasketch", ["batch", str(EXAMPLE.parent), "--out", "{tmp}/out", "--index", "{tmp}/refs.sqlite"], "datasketch", "index"),
    ("datasketch", ["serve", "--port", "8731", "--index", "wire={tmp}/refs.sqlite"], "datasketch", "index"),
])
def test_a_command_without_its_extra_says_what_to_install(tmp_path, missing, args, package, extra):
    (tmp_path / "refs.sqlite").write_bytes(b"")
    proc = run_without(missing, *(a.format(tmp=tmp_path) for a in args))
    assert proc.returncode == 1
    assert proc.stderr.startswith("unspin: error: "), proc.stderr
    assert f"needs the '{package}' package, which is not installed. Install it with: pip install 'unspin[{extra}]'" in proc.stderr
    assert "Traceback" not in proc.stderr


#: loads the MiniLM encoder with every network connection refused and recorded, then prints what
#: the host process would see afterwards
OFFLINE_LOAD = """
import json, os, socket
tried = []
def refuse(*args, **kw):
    tried.append(repr(args[:2]))
    raise OSError("no network in this test")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from unspin import encoder
encoder.load()
import huggingface_hub.constants
from transformers.utils import logging as hf_logging
print(json.dumps({"tried": tried, "env": os.environ.get("HF_HUB_OFFLINE"),
                  "hub_offline": huggingface_hub.constants.HF_HUB_OFFLINE,
                  "bars": hf_logging.is_progress_bar_enabled()}))
"""


@pytest.mark.slow
def test_loading_minilm_reaches_no_network_and_leaves_the_host_process_settings_alone():
    pytest.importorskip("torch")
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"}
    proc = subprocess.run([sys.executable, "-c", OFFLINE_LOAD], capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen == {"tried": [], "env": None, "hub_offline": False, "bars": True}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sdist's member names and the wheel's, built from a copy of the checkout without its build
    leftovers (an old *.egg-info lists files itself)."""
    import shutil
    import tarfile
    import zipfile

    tmp = tmp_path_factory.mktemp("build")
    tree = tmp / "tree"
    shutil.copytree(ROOT, tree, ignore=shutil.ignore_patterns(".git", ".venv", "*.egg-info", "build", "dist", "runs",
                                                              "__pycache__", ".hypothesis", ".pytest_cache"))
    code = (f"from setuptools import build_meta as b; s = b.build_sdist({str(tmp)!r}); w = b.build_wheel({str(tmp)!r}); "
            "print('built', s, w)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tree, timeout=300)
    assert proc.returncode == 0, proc.stderr
    _built, sdist, wheel = proc.stdout.strip().splitlines()[-1].split()
    with tarfile.open(tmp / sdist) as tar:
        sdist_names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    with zipfile.ZipFile(tmp / wheel) as whl:
        wheel_names = set(whl.namelist())
        metadata = next(whl.read(n).decode() for n in wheel_names if n.endswith(".dist-info/METADATA"))
    return sdist_names, wheel_names, metadata


@pytest.mark.slow
def test_the_sdist_carries_what_its_tests_and_readme_links_need(built):
    names = built[0]
    for needed in ("tests/conftest.py", "tests/__init__.py", "tests/_floors.py", "tests/_web_reports.py",
                   "tests/hostile/terminal-escapes.txt", "docs/web.md", "docs/web-report.png", "examples/harbour-strike.txt",
                   "SECURITY.md", "constraints.txt", "Makefile", "scripts/readme_example.py", "LICENSE"):
        assert needed in names
    assert not any("__pycache__" in name for name in names)


@pytest.mark.slow
def test_the_wheel_is_typed_versioned_from_the_package_licensed_and_ships_no_test_floors(built):
    import unspin

    _sdist, names, metadata = built
    assert "unspin/py.typed" in names
    assert f"\nVersion: {unspin.__version__}\n" in metadata
    assert not [n for n in names if n.endswith("-floors.json")]
    assert "unspin/models/techniques-fast/card.json" in names
    assert "\nLicense-Expression: Apache-2.0\n" in metadata
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)


def test_dir_of_unspin_lists_its_public_names():
    import unspin

    assert {"analyze", "Pipeline", "Report", "Document", "load", "score_checkworthiness", "__version__"} <= set(dir(unspin))
    assert "TYPE_CHECKING" not in dir(unspin)


def test_every_lazy_public_name_has_a_type_for_type_checkers():
    """A type checker or an IDE reads the names under ``if TYPE_CHECKING:`` (the module's __getattr__
    loads them at run time): unspin.load and unspin.score_checkworthiness were missing there, so mypy
    and pyright typed them Any, their signatures unchecked and not offered for completion."""
    import ast

    import unspin

    tree = ast.parse(Path(unspin.__file__).read_text(encoding="utf-8"))
    guarded = next(n for n in tree.body if isinstance(n, ast.If) and getattr(n.test, "id", "") == "TYPE_CHECKING")
    typed = {alias.asname or alias.name for n in guarded.body if isinstance(n, ast.ImportFrom) for alias in n.names}
    assert set(unspin._LAZY) <= typed


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A copy of the package with no checkout around it, as pip installs it into site-packages."""
    import shutil

    site = tmp_path_factory.mktemp("site-packages")
    shutil.copytree(ROOT / "src" / "unspin", site / "unspin", ignore=shutil.ignore_patterns("__pycache__"))
    return site


def test_an_installed_unspin_names_unspin_data_when_the_datasets_are_absent(installed, tmp_path):
    env = {**{k: v for k, v in os.environ.items() if k != "UNSPIN_DATA"}, "PYTHONPATH": str(installed)}
    proc = subprocess.run([sys.executable, "-m", "unspin", "evaluate", "attribution", "--split", "test"],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert proc.returncode == 1
    assert f"missing: {tmp_path / 'shared' / 'data' / 'reuters21578'}" in proc.stderr  # not beside site-packages
    assert "(unspin is installed, not run from a checkout, and UNSPIN_DATA is not set); set UNSPIN_DATA" in proc.stderr


def test_an_installed_unspin_keeps_caches_and_trained_models_in_the_current_directory(installed, tmp_path):
    code = ("from unspin import models, paths; from unspin.verdict import corpus; from unspin.tagging import ptc\n"
            "from unspin.claims import checkworthiness_train as cw; from unspin.tagging import full_train\n"
            "for p in (models.TRAINED_DIR, corpus.CACHE, corpus.PARSES, ptc.CACHE_DIR, cw.CACHE, full_train.RUNS):\n"
            "    print(p.resolve())")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(installed)}, timeout=300)
    assert proc.returncode == 0, proc.stderr
    places = [Path(line) for line in proc.stdout.split()]
    assert places[0] == tmp_path / "runs" / "models"
    assert all(p.is_relative_to(tmp_path / "runs") for p in places)


def test_an_installed_unspin_keeps_caches_and_datasets_together_when_the_process_changes_directory(installed, tmp_path):
    (tmp_path / "notebooks").mkdir()
    code = ("import os; from unspin import models, paths; from unspin.semeval.data import SHARED\n"
            "os.chdir('notebooks')\n"
            "print(models.TRAINED_DIR.resolve()); print(SHARED.resolve())")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={**{k: v for k, v in os.environ.items() if k != "UNSPIN_DATA"}, "PYTHONPATH": str(installed)},
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert [Path(line) for line in proc.stdout.split()] == [tmp_path / "runs" / "models", tmp_path / "shared" / "data"]


def test_a_checkout_keeps_its_own_runs_and_trains_into_the_shipped_models():
    from unspin import models, paths
    from unspin.semeval.data import SHARED
    from unspin.verdict import corpus

    assert paths.CHECKOUT == ROOT
    assert models.TRAINED_DIR == models.MODELS_DIR == ROOT / "src" / "unspin" / "models"
    assert corpus.CACHE == ROOT / "runs" / "verdict" / "features"
    if not os.environ.get("UNSPIN_DATA"):
        assert SHARED == ROOT.parent / "shared" / "data"
