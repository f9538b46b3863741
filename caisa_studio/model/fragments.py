"""Copy and paste of parts of a design: a fragment is plain JSON data; pasting gets fresh IDs."""

from __future__ import annotations

from typing import Any

from caisa_studio.model.design import Design
from caisa_studio.model.edit_support import Batch, Edit
from caisa_studio.model.edits import AddComponent, AddDataAsset, Connect
from caisa_studio.model.elements import Component, DataAsset, DataFlow
from caisa_studio.model.ids import new_id

FRAGMENT_FORMAT = "caisa-fragment/1"


def extract_fragment(design: Design, element_ids: set[str]) -> dict[str, Any]:
    """The chosen components, the flows between them, and the data assets they reference."""
    components = [design.components[i] for i in sorted(element_ids) if i in design.components]
    chosen = {c.id for c in components}
    flows = [f for f in design.flows.values() if f.source in chosen and f.target in chosen]
    asset_ids = {a for c in components for a in c.holds} | {a for f in flows for a in f.carries}
    return {
        "format": FRAGMENT_FORMAT,
        "components": [c.model_dump(mode="json") for c in components],
        "flows": [f.model_dump(mode="json") for f in sorted(flows, key=lambda f: f.id)],
        "data_assets": [design.data_assets[a].model_dump(mode="json") for a in sorted(asset_ids)],
    }


def paste_fragment(
    design: Design, fragment: dict[str, Any], offset: tuple[float, float]
) -> tuple[Edit, list[str]]:
    """An edit adding a copy of the fragment (new IDs, shifted by ``offset``) and the new component IDs.

    Data assets that still exist in the design are shared, not duplicated; boundary membership is
    kept only when the boundary exists here.
    """
    if fragment.get("format") != FRAGMENT_FORMAT:
        raise ValueError("not a CAISA fragment")
    taken: set[str] = set()
    renamed: dict[str, str] = {}
    edits: list[Edit] = []
    for raw in fragment.get("data_assets", []):
        asset = DataAsset.model_validate(raw)
        if asset.id in design.data_assets:
            renamed[asset.id] = asset.id
            continue
        renamed[asset.id] = new_id(design, asset.id, taken)
        taken.add(renamed[asset.id])
        edits.append(AddDataAsset(asset.model_copy(update={"id": renamed[asset.id]})))
    new_components: list[str] = []
    for raw in fragment.get("components", []):
        component = Component.model_validate(raw)
        fresh = new_id(design, component.id, taken)
        taken.add(fresh)
        renamed[component.id] = fresh
        new_components.append(fresh)
        x, y = component.position
        boundary = component.boundary if component.boundary in design.boundaries else None
        edits.append(
            AddComponent(
                Component.model_validate(
                    {
                        **component.model_dump(),
                        "id": fresh,
                        "position": (x + offset[0], y + offset[1]),
                        "boundary": boundary,
                        "holds": [renamed.get(a, a) for a in component.holds],
                    }
                )
            )
        )
    for raw in fragment.get("flows", []):
        flow = DataFlow.model_validate(raw)
        fresh = new_id(design, flow.id, taken)
        taken.add(fresh)
        edits.append(
            Connect(
                DataFlow.model_validate(
                    {
                        **flow.model_dump(),
                        "id": fresh,
                        "source": renamed[flow.source],
                        "target": renamed[flow.target],
                        "carries": [renamed.get(a, a) for a in flow.carries],
                    }
                )
            )
        )
    return Batch(tuple(edits), "Paste"), new_components
