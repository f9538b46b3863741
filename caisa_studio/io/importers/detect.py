"""Which tool wrote a file, decided from its content (the extension is only a hint for messages).

People rename files, and ``.json`` is shared by Threat Dragon, OTM and our own designs, so the syntax
(XML, JSON or YAML) is sniffed from the first character and the format from the top-level keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from caisa_studio.io.errors import DesignFileError
from caisa_studio.io.importers.sources import decode_text, parse_json, parse_xml, parse_yaml_text, read_source

Format = Literal["threat_dragon", "otm", "tm7", "threagile"]

FORMAT_NAMES: dict[str, str] = {
    "threat_dragon": "OWASP Threat Dragon",
    "otm": "Open Threat Model",
    "tm7": "Microsoft Threat Modeling Tool",
    "threagile": "Threagile",
}

_TM7_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?ThreatModel[\s>/]")
_UNKNOWN = (
    "not a threat model this studio can import (expected OWASP Threat Dragon or Open Threat Model JSON, "
    "OTM or Threagile YAML, or a Microsoft Threat Modeling Tool .tm7 file)"
)


@dataclass(frozen=True)
class SourceModel:
    """A parsed foreign model: its format, the parsed content (dict or XML element) and the file name."""

    format: Format
    payload: Any
    source: str


def load_source(path: Path) -> SourceModel:
    data = read_source(path)
    return detect(data, str(path), path.suffix.lower())


def detect(data: bytes, source: str, suffix: str = "") -> SourceModel:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return _detect_xml(data, source)
    if suffix == ".tm7":
        raise DesignFileError(
            source, "a .tm7 file must be XML (Microsoft Threat Modeling Tool), but it is not"
        )
    text = decode_text(data, source)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("{", "[") and suffix not in (".yaml", ".yml"):
        return _classify(parse_json(text, source), source)
    return _classify(parse_yaml_text(text, source), source)


def _detect_xml(data: bytes, source: str) -> SourceModel:
    if not _TM7_ROOT.search(data[:4096]):
        raise DesignFileError(source, "XML, but not a Microsoft Threat Modeling Tool model (<ThreatModel>)")
    root = parse_xml(data, source)
    if root.tag.rsplit("}", 1)[-1] != "ThreatModel":
        raise DesignFileError(source, "XML, but its root element is not <ThreatModel>")
    return SourceModel("tm7", root, source)


def _classify(raw: Any, source: str) -> SourceModel:
    if not isinstance(raw, dict):
        raise DesignFileError(source, f"{_UNKNOWN}; its top level is a {type(raw).__name__}, not an object")
    keys = set(raw)
    if "otmVersion" in keys:
        return SourceModel("otm", raw, source)
    if "threagile_version" in keys or "technical_assets" in keys:
        return SourceModel("threagile", raw, source)
    if "detail" in keys and "summary" in keys:
        return SourceModel("threat_dragon", raw, source)
    if "schema_version" in keys and "components" in keys:
        raise DesignFileError(
            source, "is already a CAISA Studio design; open it directly instead of importing"
        )
    raise DesignFileError(source, _UNKNOWN)
