"""YAML for imported models: safe, strict about duplicates, and bounded when anchors are used.

The catalog's loader (``caisa_studio.catalog.safe_yaml``) rejects anchors outright, which is right for
our own data files. Foreign models use them: the Threagile example model builds data assets with
``<<: *customer-contracts``. So this loader accepts anchors, aliases and merge keys, but measures the
document as if every alias were expanded and refuses it past a budget (an alias bomb expands
exponentially), refuses aliases that contain themselves, and rejects duplicate keys like the catalog's.
Only plain YAML types are built (``SafeLoader``): no tags can run code.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from caisa_studio.catalog.safe_yaml import check_mapping_keys

MAX_EXPANDED_NODES = 1_000_000
MAX_DEPTH = 200  # real models nest fewer than ten levels
_MERGE_TAG = "tag:yaml.org,2002:merge"


class YamlSourceError(ValueError):
    """Not acceptable YAML; the message is one line without the file name (the caller adds it)."""


class _ImportLoader(yaml.SafeLoader):
    def fetch_flow_collection_start(self, token_class: Any) -> None:  # type: ignore[override]
        # PyYAML's scanner slows down quadratically with flow nesting ("[[[[…"); stop early.
        if self.flow_level >= MAX_DEPTH:
            raise YamlSourceError("YAML is nested too deeply")
        super().fetch_flow_collection_start(token_class)

    def add_indent(self, column: int) -> bool:  # type: ignore[override]
        if len(self.indents) >= MAX_DEPTH:
            raise YamlSourceError("YAML is nested too deeply")
        return super().add_indent(column)

    def compose_document(self) -> Node:  # type: ignore[override]
        node = super().compose_document()
        _check_expansion(node)
        return node

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:  # type: ignore[override]
        check_mapping_keys(self, node, key_deep=True, skip_tag=_MERGE_TAG)  # merge keys are expected
        return super().construct_mapping(node, deep=deep)


def _check_expansion(root: Node | None) -> None:
    """Count nodes as if aliases were copied; shared nodes are measured once, so this is linear."""
    if root is None:
        return
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise YamlSourceError("an alias refers to a node that contains it (recursive YAML)")
        active.add(key)
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        if total > MAX_EXPANDED_NODES:
            raise YamlSourceError(
                f"aliases expand to more than {MAX_EXPANDED_NODES:,} values (an alias bomb?)"
            )
        active.discard(key)
        sizes[key] = total
        return total

    size(root)


def parse_yaml(text: str) -> Any:
    """Parse one YAML document; raise ``YamlSourceError`` with the line and the problem."""
    loader = _ImportLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise YamlSourceError(f"not valid YAML{where}: {problem}") from None
    except RecursionError:
        raise YamlSourceError("YAML is nested too deeply") from None
    finally:
        loader.dispose()
