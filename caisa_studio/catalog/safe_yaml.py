"""YAML loading that can never execute code, expand alias bombs or hide duplicate keys.

PyYAML is imported on first use: the studio's start-up reads the catalog from its JSON cache
(``caisa_studio.catalog.cache``) and needs no YAML at all until a reference architecture is loaded.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

MAX_YAML_BYTES = 8 * 1024 * 1024


class YamlDataError(ValueError):
    """A data file that is not acceptable YAML; the message names the file and the line."""


@cache
def _loaders() -> tuple[Any, Any]:
    """libyaml's safe loader (about 8× faster than the pure-Python one) and the strict one built on it."""
    import yaml

    base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):  # type: ignore[misc, valid-type]
        """A safe loader that also rejects duplicate keys and keys that are lists or mappings."""

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            check_mapping_keys(self, node, key_deep=deep)
            return super().construct_mapping(node, deep=deep)

    return base, StrictLoader


def check_mapping_keys(loader: Any, node: Any, *, key_deep: bool, skip_tag: str | None = None) -> None:
    """Refuse a mapping with a duplicate key, or with a key that is a list or a mapping (PyYAML
    would silently keep the last duplicate). ``skip_tag`` leaves out keys such as YAML's ``<<``."""
    import yaml

    seen: set[Any] = set()
    for key_node, _ in node.value:
        if skip_tag is not None and key_node.tag == skip_tag:
            continue
        key = loader.construct_object(key_node, deep=key_deep)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(
                None, None, "keys must be plain values, not lists or mappings", key_node.start_mark
            ) from None
        if key in seen:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        seen.add(key)


def _reject_anchors_and_aliases(text: str) -> None:
    """Anchors and aliases are refused before anything is built, so alias bombs never expand."""
    import yaml

    base, _ = _loaders()
    for event in yaml.parse(text, Loader=base):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.constructor.ConstructorError(
                None, None, "aliases (*name) are not allowed in CAISA data files", event.start_mark
            )
        if getattr(event, "anchor", None) is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "anchors (&name) are not allowed in CAISA data files", event.start_mark
            )


def load_yaml_text(text: str, source: str) -> Any:
    import yaml

    loader = None
    try:
        _reject_anchors_and_aliases(text)
        loader = _loaders()[1](text)
        return loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise YamlDataError(f"{source}: not valid YAML{where}: {problem}") from None
    except RecursionError:
        raise YamlDataError(f"{source}: nested too deeply") from None
    finally:
        if loader is not None:
            loader.dispose()


def load_yaml_file(path: Path) -> Any:
    """Parse a YAML file strictly; raise ``YamlDataError`` naming the file on any problem."""
    try:
        size = path.stat().st_size
        if size > MAX_YAML_BYTES:
            raise YamlDataError(f"{path}: file is too large ({size} bytes; limit {MAX_YAML_BYTES})")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise YamlDataError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise YamlDataError(f"{path}: cannot be read ({error.strerror})") from None
    return load_yaml_text(text, str(path))
