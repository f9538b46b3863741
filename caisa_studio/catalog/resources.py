"""Where the shipped data lives, in a checkout and in an installed wheel alike."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


@cache
def data_root() -> Path:
    """Folder holding ``resources/`` and ``reference_architectures/``.

    A wheel carries them inside the package (``caisa_studio/_data``); a checkout has them at the
    repository root, next to the package.
    """
    packaged = Path(str(resources.files("caisa_studio"))) / "_data"
    if (packaged / "resources").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    return data_root() / "resources"


def catalog_dir() -> Path:
    return resources_dir() / "catalog"


def examples_dir() -> Path:
    return resources_dir() / "examples"


def schema_dir() -> Path:
    return resources_dir() / "schema"


def reference_architectures_dir() -> Path:
    return data_root() / "reference_architectures"


def default_example() -> Path:
    """The design the studio opens when started without a file."""
    return examples_dir() / "rag-assistant.caisa.json"
