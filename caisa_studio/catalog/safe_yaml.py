"""YAML loading that can never execute code, expand alias bombs or hide duplicate keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_YAML_BYTES = 8 * 1024 * 1024


class YamlDataError(ValueError):
    """A data file that is not acceptable YAML; the message names the file and the line."""


# libyaml's parser when PyYAML was built with it (about 8× faster: the catalog loads at every start).
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _reject_anchors_and_aliases(text: str) -> None:
    """Anchors and aliases are refused before anything is built, so alias bombs never expand."""
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.constructor.ConstructorError(
                None, None, "aliases (*name) are not allowed in CAISA data files", event.start_mark
            )
        if getattr(event, "anchor", None) is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "anchors (&name) are not allowed in CAISA data files", event.start_mark
            )


class _StrictLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that also rejects duplicate keys and keys that are lists or mappings."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "keys must be plain values, not lists or mappings", key_node.start_mark
                ) from None
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml_text(text: str, source: str) -> Any:
    loader = None
    try:
        _reject_anchors_and_aliases(text)
        loader = _StrictLoader(text)
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
