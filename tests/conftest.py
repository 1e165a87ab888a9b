"""Pytest set-up shared by every suite: which copy of the packages is under test."""

import importlib.util
import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("hypster", "hypster_ui")

# scripts/test sets this after installing the wheel, to make sure the tests never
# import the source tree by accident (for example through a tests/__init__.py, which
# makes pytest put the repository root on sys.path).
REQUIRE_INSTALLED_ENV = "HYPSTER_TEST_REQUIRE_INSTALLED"


def find_package_folder(name: str) -> Path | None:
    """Return the folder that `import name` would load, without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"{name}: {find_package_folder(name)}" for name in PACKAGES]


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get(REQUIRE_INSTALLED_ENV) != "1":
        return
    for name in PACKAGES:
        folder = find_package_folder(name)
        if folder is not None and folder.is_relative_to(REPO_ROOT / name):
            raise pytest.UsageError(
                f"{name} is imported from the source tree ({folder}), not from the "
                f"installed wheel; remove whatever puts {REPO_ROOT} on sys.path"
            )
