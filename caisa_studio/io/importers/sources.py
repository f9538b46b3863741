"""Reading a foreign file safely: size cap, text decoding, JSON, YAML and XML without surprises.

Every failure becomes a ``DesignFileError`` that names the file in one line. Nothing here fetches or
executes anything: XML goes through ``defusedxml`` with DTDs forbidden (so no entity expansion and no
external entities), YAML through a safe loader with an alias budget, JSON through the standard parser
with duplicate keys and NaN rejected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException

from caisa_studio.io.errors import DesignFileError
from caisa_studio.io.importers.yaml_source import YamlSourceError, parse_yaml
from caisa_studio.io.strict_json import decode_utf8, parse_strict_json

MAX_IMPORT_BYTES = 32 * 1024 * 1024
MAX_YAML_BYTES = 8 * 1024 * 1024  # pure-Python YAML parsing is slow; larger models are not plausible


def read_source(path: Path) -> bytes:
    """The file's bytes, refusing folders, missing files and anything over the size cap."""
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise DesignFileError(path, "is a folder, not a threat model file")
        if size > MAX_IMPORT_BYTES:
            raise DesignFileError(
                path, f"file is too large ({size:,} bytes; the limit is {MAX_IMPORT_BYTES:,})"
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise DesignFileError(path, "no such file") from None
    except IsADirectoryError:
        raise DesignFileError(path, "is a folder, not a threat model file") from None
    except OSError as error:
        raise DesignFileError(path, f"cannot be read ({error.strerror})") from None
    if not data.strip():
        raise DesignFileError(path, "the file is empty")
    return data


def decode_text(data: bytes, source: str) -> str:
    return decode_utf8(data, source)


def parse_json(text: str, source: str) -> Any:
    return parse_strict_json(text, source)


def parse_yaml_text(text: str, source: str) -> Any:
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise DesignFileError(source, f"YAML file is too large (the limit is {MAX_YAML_BYTES:,} bytes)")
    try:
        return parse_yaml(text)
    except YamlSourceError as error:
        raise DesignFileError(source, str(error)) from None


def parse_xml(data: bytes, source: str) -> Element:
    """Parse XML with DTDs, entities and external references forbidden (no XML bombs, no XXE)."""
    try:
        return SafeElementTree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise DesignFileError(
            source, f"XML with a DTD or entities is not accepted ({type(error).__name__})"
        ) from None
    except ParseError as error:
        raise DesignFileError(source, f"not valid XML: {error}") from None
    except RecursionError:
        raise DesignFileError(source, "XML is nested too deeply") from None
