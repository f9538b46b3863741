"""The shipped knowledge catalog: complete per CATALOG.md B1/B2, internally consistent, and strict YAML.

Kind and control IDs are a file-format contract, framework citations must resolve (a finding that
cites an unknown ATLAS ID is worthless in an audit), and the ATLAS list must be regenerable from the
upstream data byte for byte so nobody edits it by hand.
"""

from __future__ import annotations

import importlib.util
import shutil
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from caisa_studio.catalog import Catalog, CatalogError, default_catalog, load_catalog
from caisa_studio.catalog.safe_yaml import YamlDataError, load_yaml_file, load_yaml_text
from caisa_studio.rules import Reference, RuleMeta, Severity, builtin_rules
from caisa_studio.rules.builtin import BUILTIN_RULE_MODULES
from caisa_studio.rules.registry import Rule

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
CATALOG_DIR = REPO_ROOT / "resources" / "catalog"
ATLAS_SOURCE = SHARED_DATA / "atlas" / "ATLAS.yaml"
ATLAS_SHIPPED = CATALOG_DIR / "frameworks" / "atlas.yaml"

# CATALOG.md B1, in table order.
B1_KIND_IDS = [
    "human_user",
    "privileged_user",
    "human_approver",
    "external_data_source",
    "enterprise_data_source",
    "data_pipeline",
    "training_data_store",
    "feature_store",
    "notebook_workspace",
    "training_job",
    "evaluation_harness",
    "fl_aggregator",
    "external_model_source",
    "model_registry",
    "mlops_pipeline",
    "inference_endpoint",
    "llm_api",
    "edge_device_runtime",
    "api_gateway",
    "ai_gateway",
    "web_app",
    "orchestrator",
    "guardrail",
    "prompt_cache",
    "embedding_service",
    "vector_db",
    "rag_retriever",
    "agent",
    "agent_tool",
    "mcp_server",
    "agent_memory",
    "external_service",
    "identity_provider",
    "kms",
    "logging_siem",
    "model_monitor",
]

# CATALOG.md B2, in table order.
B2_CONTROL_IDS = [
    "authn",
    "authz",
    "agent_identity",
    "secrets_mgmt",
    "enc_at_rest",
    "enc_in_transit",
    "pii_redaction",
    "data_retention",
    "pet",
    "data_validation",
    "provenance",
    "artifact_signing",
    "safe_loading",
    "ai_inventory",
    "vendor_assurance",
    "tool_provenance",
    "input_filter",
    "output_filter",
    "untrusted_isolation",
    "rate_limit",
    "output_minimization",
    "robustness_testing",
    "tool_least_privilege",
    "human_approval",
    "sandbox",
    "exec_bounds",
    "memory_integrity",
    "segmentation",
    "egress_control",
    "audit_logging",
    "monitoring",
    "incident_response",
    "evaluation_gate",
    "transparency",
    "confidential_compute",
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """A fresh load (not the process-wide cache) so this module really exercises the loader."""
    return load_catalog()


def test_shipped_catalog_loads(catalog: Catalog) -> None:
    assert catalog.kinds and catalog.controls and catalog.frameworks
    assert default_catalog().kinds.keys() == catalog.kinds.keys()


# Kinds we added beyond B1 (CATALOG.md allows it): plain DFD shapes for imported elements.
GENERIC_KIND_IDS = ["generic_process", "generic_store", "generic_external"]


def test_kind_ids_are_b1_plus_the_generic_shapes(catalog: Catalog) -> None:
    assert len(B1_KIND_IDS) == 36 == len(set(B1_KIND_IDS))
    assert sorted(catalog.kinds) == sorted(B1_KIND_IDS + GENERIC_KIND_IDS)
    for kind_id in GENERIC_KIND_IDS:
        assert catalog.kinds[kind_id].category == "generic"
        assert not {"processes_prompts", "serves_model", "plans_actions"} & set(
            catalog.kinds[kind_id].capabilities
        )


def test_control_ids_are_exactly_b2(catalog: Catalog) -> None:
    assert len(B2_CONTROL_IDS) == 35 == len(set(B2_CONTROL_IDS))
    assert sorted(catalog.controls) == sorted(B2_CONTROL_IDS)


def test_kind_cross_references_resolve(catalog: Catalog) -> None:
    """Every category, capability, property and data tag a kind names is defined."""
    tags = {t.id for t in catalog.classifications.data_tags}
    problems = []
    for kind in catalog.kinds.values():
        if kind.category not in catalog.categories:
            problems.append((kind.id, "category", kind.category))
        problems += [(kind.id, "capability", c) for c in kind.capabilities if c not in catalog.capabilities]
        problems += [
            (kind.id, "property", p) for p in kind.properties if p not in catalog.component_properties
        ]
        if kind.typical_data is not None:
            problems += [(kind.id, "tag", t) for t in kind.typical_data.tags if t not in tags]
    assert problems == []


def test_kind_and_control_framework_maps_resolve(catalog: Catalog) -> None:
    """Kinds map to CoSAI components, controls to ATLAS mitigations and CoSAI controls — all real."""
    problems = []
    for kind in catalog.kinds.values():
        for item_id in kind.cosai:
            item = catalog.framework_item("cosai", item_id)
            if item is None or item.type != "component":
                problems.append((kind.id, "cosai", item_id))
    for spec in catalog.controls.values():
        for item_id in spec.maps.atlas:
            item = catalog.framework_item("atlas", item_id)
            if item is None or item.type != "mitigation":
                problems.append((spec.id, "atlas", item_id))
        for item_id in spec.maps.cosai:
            item = catalog.framework_item("cosai", item_id)
            if item is None or item.type != "control":
                problems.append((spec.id, "cosai", item_id))
    assert problems == []


def test_framework_internal_links_resolve(catalog: Catalog) -> None:
    """Parents, tactics and mitigation→technique links point at items of the same framework."""
    problems = []
    for framework in catalog.frameworks.values():
        ids = {item.id for item in framework.items}
        for item in framework.items:
            linked = [*item.tactics, *item.addresses, *([item.parent] if item.parent else [])]
            problems += [(framework.framework, item.id, link) for link in linked if link not in ids]
    assert problems == []


def unknown_references(rules: Iterable[Rule], catalog: Catalog) -> list[tuple[str, Reference]]:
    return [
        (rule.meta.id, ref)
        for rule in rules
        for ref in rule.meta.references
        if not catalog.has_reference(ref.framework, ref.id)
    ]


def test_every_rule_reference_exists(catalog: Catalog) -> None:
    rules = builtin_rules()
    assert rules, "no built-in rules registered"
    assert unknown_references(rules, catalog) == []


def test_every_implemented_rule_cites_frameworks() -> None:
    """Placeholder modules (``PLACEHOLDER = True``) may be empty; real rules must cite something."""
    implemented = [m.META for m in BUILTIN_RULE_MODULES if not getattr(m, "PLACEHOLDER", False)]
    assert {"R-ENC-01", "R-ENC-02"} <= {meta.id for meta in implemented}
    assert [meta.id for meta in implemented if not meta.references] == []


def test_unknown_rule_reference_is_detected(catalog: Catalog) -> None:
    """The reference check above can fail: a made-up ID or framework is reported."""
    meta = RuleMeta(
        id="R-TEST-99",
        title="test",
        severity=Severity.LOW,
        scope="design",
        why="test",
        fix="test",
        references=(
            Reference("atlas", "AML.T0025"),
            Reference("atlas", "AML.T9999"),
            Reference("owasp-llm", "LLM02"),
            Reference("no-such-framework", "X1"),
        ),
    )
    fake = Rule(meta=meta, check=lambda ctx, subject: iter(()))
    assert [ref for _, ref in unknown_references([fake], catalog)] == list(meta.references[1:])


# --- ATLAS ---------------------------------------------------------------------------------------------


def load_generator() -> ModuleType:
    path = REPO_ROOT / "scripts" / "generate_atlas_catalog.py"
    spec = importlib.util.spec_from_file_location("generate_atlas_catalog", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_atlas_is_regenerated_byte_for_byte() -> None:
    """atlas.yaml must be exactly what the generator makes from upstream ATLAS.yaml."""
    if not ATLAS_SOURCE.is_file():
        pytest.skip(f"upstream ATLAS data not available at {ATLAS_SOURCE}")
    generator = load_generator()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with ATLAS_SOURCE.open(encoding="utf-8") as handle:
        upstream = yaml.load(handle, Loader=loader)
    rendered = generator.render(generator.build_atlas_catalog(upstream)).encode("utf-8")
    shipped = ATLAS_SHIPPED.read_bytes()
    if rendered != shipped:
        first = next(
            (
                n
                for n, (a, b) in enumerate(zip(rendered.splitlines(), shipped.splitlines(), strict=False))
                if a != b
            ),
            None,
        )
        pytest.fail(
            f"atlas.yaml is stale (first differing line: {first}); re-run scripts/generate_atlas_catalog.py"
        )


def test_atlas_counts(catalog: Catalog) -> None:
    """CATALOG.md A1: ATLAS 5.6.0 has 16 tactics, 170 techniques and 35 mitigations."""
    counts = Counter(item.type for item in catalog.frameworks["atlas"].items)
    assert counts == {"tactic": 16, "technique": 170, "mitigation": 35}
    techniques = [i for i in catalog.frameworks["atlas"].items if i.type == "technique"]
    assert sum(1 for t in techniques if t.parent) == 69


# --- cross-checks of broken catalog copies (in process) -----------------------------------------------


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    target = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, target)
    return target


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "kinds.yaml",
            "capabilities: [human]",
            "capabilities: [telepathy]",
            "unknown capability 'telepathy'",
        ),
        ("kinds.yaml", "category: actor", "category: wizards", "unknown category 'wizards'"),
        ("kinds.yaml", "tags: [embeddings]", "tags: [vibes]", "unknown tag 'vibes'"),
        ("kinds.yaml", "  - id: privileged_user", "  - id: human_user", "duplicate id 'human_user'"),
        ("kinds.yaml", "    default_zone: PUBLIC\n", "    default_zone: SPACE\n", "default_zone"),
        ("controls.yaml", "  - id: authz", "  - id: authn", "duplicate id 'authn'"),
    ],
)
def test_broken_catalog_copy_is_rejected(
    catalog_copy: Path, file: str, old: str, new: str, expected: str
) -> None:
    replace_once(catalog_copy / file, old, new)
    with pytest.raises(CatalogError) as caught:
        load_catalog(catalog_copy)
    message = str(caught.value)
    assert str(catalog_copy / file) in message
    assert expected in message
    assert "\n" not in message


def test_duplicate_framework_item_is_rejected(catalog_copy: Path) -> None:
    path = catalog_copy / "frameworks" / "owasp-llm.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("LLM03:2025", "LLM02:2025"), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"owasp-llm\.yaml: items\[\d+\]\.id: duplicate id 'LLM02:2025'"):
        load_catalog(catalog_copy)


# --- strict YAML ---------------------------------------------------------------------------------------


def yaml_error(text: str, source: str = "data/kinds.yaml") -> str:
    with pytest.raises(YamlDataError) as caught:
        load_yaml_text(text, source)
    return str(caught.value)


def test_plain_yaml_still_loads() -> None:
    """The strict loader must not reject ordinary data (so the rejections below mean something)."""
    assert load_yaml_text("a: 1\nb: [x, y]\nc: {d: true}\n", "ok.yaml") == {
        "a": 1,
        "b": ["x", "y"],
        "c": {"d": True},
    }


def test_duplicate_keys_rejected_with_line() -> None:
    message = yaml_error("kinds:\n  - id: a\n    name: A\n    name: B\n")
    assert message.startswith("data/kinds.yaml: ")
    assert "duplicate key 'name'" in message
    assert "line 4" in message


def test_duplicate_top_level_key_rejected() -> None:
    message = yaml_error("framework: atlas\nitems: []\nframework: other\n")
    assert "duplicate key 'framework'" in message and "line 3" in message


def test_alias_rejected_with_line() -> None:
    message = yaml_error("base: {x: 1}\nother: *b\n")
    assert message.startswith("data/kinds.yaml: ")
    assert "aliases" in message
    assert "line 2" in message


def test_anchor_rejected_with_line() -> None:
    """Anchors are pointless without aliases and the loader promises to reject both."""
    message = yaml_error("base: 1\nother: &b {x: 1}\n")
    assert message.startswith("data/kinds.yaml: ")
    assert "anchors" in message
    assert "line 2" in message


def test_merge_key_rejected() -> None:
    message = yaml_error("base: {x: 1}\nother:\n  <<: {y: 2}\n")
    assert "line 3" in message


def test_alias_bomb_fails_fast() -> None:
    """A billion-laughs document must be refused at the first alias, not expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    bomb = "\n".join(lines) + "\n"
    started = time.perf_counter()
    message = yaml_error(bomb, "bomb.yaml")
    elapsed = time.perf_counter() - started
    assert message.startswith("bomb.yaml: ")
    assert elapsed < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "x: !!python/object/apply:os.system ['echo pwned']\n",
        "x: !!python/object:collections.OrderedDict {}\n",
        "x: !!python/name:os.system\n",
        "x: !!python/tuple [1, 2]\n",
    ],
)
def test_python_tags_rejected(text: str) -> None:
    message = yaml_error(text, "evil.yaml")
    assert message.startswith("evil.yaml: ")
    assert "line 1" in message
    assert "python/" in message


def test_unhashable_key_is_a_data_error() -> None:
    """A complex (list) key is bad data, not a crash: it must raise YamlDataError."""
    message = yaml_error("? [a, b]\n: 1\n", "keys.yaml")
    assert message.startswith("keys.yaml: ")
    assert "line 1" in message


def test_deep_nesting_is_a_data_error() -> None:
    message = yaml_error("[" * 5000 + "]" * 5000, "deep.yaml")
    assert message.startswith("deep.yaml: ")


def test_yaml_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: \xff\xfe\n")
    with pytest.raises(YamlDataError, match=r"bad\.yaml: not UTF-8"):
        load_yaml_file(bad)
    with pytest.raises(YamlDataError, match=r"missing\.yaml: cannot be read"):
        load_yaml_file(tmp_path / "missing.yaml")
