"""The data-driven kind, zone and tag mapping: examples from the issue, edge cases, and the table's checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from caisa_studio.catalog import CatalogError, default_catalog
from caisa_studio.catalog.resources import catalog_dir
from caisa_studio.io.importers.ids import IdAllocator, sanitise_id
from caisa_studio.io.importers.kind_mapping import MAPPING_FILE_NAME, default_mapping, load_mapping, words
from caisa_studio.model.elements import ID_PATTERN


@pytest.mark.parametrize(
    ("shape", "name", "foreign_type", "kind"),
    [
        ("process", "Vector DB", "", "vector_db"),
        ("store", "VectorDB", "", "vector_db"),  # camelCase is split
        ("store", "Pinecone index", "", "vector_db"),
        ("actor", "OpenAI API", "", "llm_api"),
        ("external", "Hosted LLM", "", "llm_api"),
        ("process", "LLM gateway", "", "ai_gateway"),  # longer keyword beats "llm" and "gateway"
        ("store", "Database", "", "enterprise_data_source"),
        ("unknown", "Customer Database", "database", "enterprise_data_source"),  # not a customer
        ("process", "Web Application", "", "web_app"),
        ("process", "Web\nApplication", "", "web_app"),
        ("actor", "Browser", "", "human_user"),
        ("actor", "Backend Admin Client", "browser", "privileged_user"),
        ("process", "Embedding service", "", "embedding_service"),
        ("process", "Guardrails", "", "guardrail"),
        ("process", "MCP server", "", "mcp_server"),
        ("process", "Support agent", "", "agent"),
        ("process", "Jenkins", "", "mlops_pipeline"),
        ("store", "Key Vault", "", "kms"),
        ("external", "Partner Portal", "External Web Application", "external_service"),
        ("store", "Sandbox Mongo", "Non Relational Database", "enterprise_data_source"),
        ("unknown", "Thing", "vector_db", "vector_db"),  # a CAISA kind as the type is taken as is
        ("unknown", "Answer builder", "", "generic_process"),
    ],
)
def test_kind_for(shape: str, name: str, foreign_type: str, kind: str) -> None:
    assert default_mapping().kind_for(shape, name, foreign_type).value == kind  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("shape", "kind"),
    [
        ("actor", "human_user"),
        ("external", "generic_external"),
        ("process", "generic_process"),
        ("store", "generic_store"),
        ("unknown", "generic_process"),
    ],
)
def test_generic_kind_per_shape(shape: str, kind: str) -> None:
    choice = default_mapping().kind_for(shape, "Frobnicator 3000")  # type: ignore[arg-type]
    assert choice.value == kind
    assert "no keyword matched" in choice.reason


def test_shapes_restrict_rules() -> None:
    """A store named after a web application is still a store; a process called "User service" no user."""
    mapper = default_mapping()
    assert mapper.kind_for("store", "Web Application Config").value == "generic_store"
    assert mapper.kind_for("process", "User service").value == "generic_process"


def test_whole_words_only() -> None:
    mapper = default_mapping()
    assert (
        mapper.kind_for("process", "Fullmetal alchemist").value == "generic_process"
    )  # "llm" not inside words
    assert mapper.kind_for("process", "Called LLM").value == "llm_api"


def test_tags_take_part() -> None:
    choice = default_mapping().kind_for("unknown", "Answer builder", "empty-component", ["langchain"])
    assert choice.value == "orchestrator"
    assert 'tag "langchain"' in choice.reason


def test_reasons_name_the_keyword_and_field() -> None:
    choice = default_mapping().kind_for("process", "Vector DB")
    assert choice.reason == 'keyword "vector db" in the name "Vector DB"'


@pytest.mark.parametrize(
    ("name", "foreign_type", "zone"),
    [
        ("Internet", "", "PUBLIC"),
        ("Web DMZ", "network-cloud-security-group", "EDGE"),
        ("Application Network", "network-cloud-provider", "APP"),  # the name wins over the type
        ("Dev Network", "network-on-prem", "CORP"),
        ("Auth Handling Environment", "execution-environment", "MGMT"),
        ("Public Cloud", "", "APP"),  # "public cloud" is longer than "public"
        ("Internet Explorer Boundaries", "", "DEVICE"),
        ("Knowledge platform", "", "DATA"),
        ("LLM provider", "", "EXTERNAL"),
        ("data", "", "DATA"),
        ("Generic Trust Border Boundary", "", None),
    ],
)
def test_zone_for(name: str, foreign_type: str, zone: str | None) -> None:
    choice = default_mapping().zone_for(name, foreign_type)
    assert (choice.value if choice else None) == zone


def test_data_tags_and_protocols() -> None:
    mapper = default_mapping()
    assert mapper.data_tags("Customer Accounts", "including transient credentials") == ["credentials"]
    assert mapper.data_tags("Credit Card Data") == ["pii"]
    assert mapper.encrypted_protocol("HTTP/S") == "http s"
    assert mapper.encrypted_protocol("binary-encrypted") == "encrypted"
    assert mapper.encrypted_protocol("http") is None


def test_words_normalises() -> None:
    assert words("OpenAI-API  v2") == "openai api v2"


def test_every_table_kind_exists_in_the_catalog() -> None:
    catalog = default_catalog()
    spec = default_mapping().spec
    assert all(catalog.kind(rule.kind) for rule in spec.kind_rules)
    assert {rule.zone.value for rule in spec.zone_rules} == {
        z.id.value for z in catalog.classifications.zones
    }


@pytest.fixture
def mapping_copy(tmp_path: Path) -> Path:
    target = tmp_path / MAPPING_FILE_NAME
    shutil.copy(catalog_dir() / MAPPING_FILE_NAME, target)
    return target


def test_unknown_kind_in_table_is_reported_with_the_file(mapping_copy: Path) -> None:
    text = mapping_copy.read_text(encoding="utf-8").replace("- kind: vector_db", "- kind: vector_dbz", 1)
    mapping_copy.write_text(text, encoding="utf-8")
    with pytest.raises(
        CatalogError, match=r"import_mapping\.yaml: kind_rules\[0\]\.kind: unknown kind 'vector_dbz'"
    ):
        load_mapping(mapping_copy)


def test_misspelt_key_in_table_is_an_error(mapping_copy: Path) -> None:
    text = mapping_copy.read_text(encoding="utf-8").replace(
        "    keywords: [vector db,", "    keyword: [vector db,", 1
    )
    mapping_copy.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=r"import_mapping\.yaml"):
        load_mapping(mapping_copy)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("web-client", "web-client"),
        ("Web Client #1", "Web-Client-1"),
        ("  ", "fallback"),
        ("-leading", "leading"),
        ("ünïcode only ß", "n-code-only"),
    ],
)
def test_sanitise_id(raw: str, expected: str) -> None:
    assert sanitise_id(raw, "fallback") == expected


def test_long_ids_stay_unique_and_valid() -> None:
    allocator = IdAllocator()
    first = allocator.allocate("x" * 200 + "a", "f")
    second = allocator.allocate("x" * 200 + "b", "f")
    assert first != second
    assert ID_PATTERN.match(first) and ID_PATTERN.match(second)
    assert allocator.allocate("same", "f") == "same"
    assert allocator.allocate("same", "f") == "same-2"
    assert set(allocator.renamed) == {"x" * 200 + "a", "x" * 200 + "b", "same"}  # the duplicate
