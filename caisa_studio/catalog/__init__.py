"""The knowledge catalog (kinds, controls, properties, frameworks) loaded from data files. No Qt."""

from __future__ import annotations

from caisa_studio.catalog.catalog import Catalog, CatalogError, default_catalog, load_catalog

__all__ = ["Catalog", "CatalogError", "default_catalog", "load_catalog"]
