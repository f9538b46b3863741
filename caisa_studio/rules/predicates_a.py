"""Small predicates shared by the identity, privacy, training-data and supply-chain rules (group "a").

Pure functions over ``RuleContext``/``DesignFacts``; they read controls and properties only through facts
so that the engine's dependency recording stays exact.
"""

from __future__ import annotations

from collections.abc import Iterable

from caisa_studio.analysis import DataProfile, DesignFacts
from caisa_studio.analysis.paths import Reached
from caisa_studio.model import Component, DataFlow, Zone
from caisa_studio.model.enums import CLASSIFICATION_LEVEL, Classification
from caisa_studio.rules.context import RuleContext

PERSONAL_TAGS = frozenset({"pii", "spi"})
CONFIDENTIAL_LEVEL = CLASSIFICATION_LEVEL[Classification.CONFIDENTIAL]


def unguarded_from(facts: DesignFacts, sources: Iterable[str], *controls: str) -> Reached:
    """``¬guarded(source ⇒ target, controls)`` where the source's own control counts too.

    ``facts.unguarded`` never looks at the source (B0: nodes *after* the source). For rules whose sources
    are places that can apply the control themselves — an internet-facing gateway that authenticates, a
    data source that records provenance, a service that redacts before passing data on — a source that
    has the control guards every path it starts, so it is left out of the search.
    """
    sources = frozenset(sources)

    def compute() -> Reached:
        components = facts.design.components
        kept = frozenset(
            s
            for s in sources
            if s in components and not any(facts.satisfied(components[s], c) for c in controls)
        )
        return facts.unguarded(kept, *controls)

    # Memoised: rules ask for every subject, with the same (memoised) sources.
    return facts.memo(("predicates_a", "unguarded_from", sources, controls), compute)


def internet_flows_into(facts: DesignFacts, component: Component) -> list[DataFlow]:
    """Flows that deliver data to the component from something in the PUBLIC zone."""
    return [
        flow
        for flow in facts.inbound(component)
        if facts.zone_of(facts.other_end(flow, component.id)) is Zone.PUBLIC
    ]


def authenticates_internet_callers(facts: DesignFacts, component: Component) -> bool:
    """The component authenticates whoever reaches it from the internet: it has ``authn`` itself, or
    every drawn flow into it from the PUBLIC zone is authenticated (there must be at least one; an
    internet-facing service with no drawn internet caller has to authenticate on its own)."""
    if facts.satisfied(component, "authn"):
        return True
    public = internet_flows_into(facts, component)
    return bool(public) and all(facts.satisfied(flow, "authn") for flow in public)


def unauthenticated_entries(facts: DesignFacts) -> frozenset[str]:
    """Entry points (B0 ``entry``) that let internet callers in without authenticating them (once per
    run)."""

    def compute() -> frozenset[str]:
        components = facts.design.components
        return frozenset(
            e for e in facts.entries() if not authenticates_internet_callers(facts, components[e])
        )

    return facts.memo(("predicates_a", "unauthenticated entries"), compute)


def is_personal(profile: DataProfile) -> bool:
    """Personal data: tagged ``pii`` or ``spi``."""
    return bool(profile.tags & PERSONAL_TAGS)


def is_personal_or_confidential(profile: DataProfile) -> bool:
    """Personal data, or anything classified confidential or restricted."""
    return is_personal(profile) or profile.level >= CONFIDENTIAL_LEVEL


def personal_data_origins(facts: DesignFacts) -> frozenset[str]:
    """Where personal data enters the system: components that hold ``pii``/``spi`` (declared or typical
    of their kind), and components that send personal data without receiving any — typically the user
    who types it into a chat. Data assets are structure: computed once and kept across control edits.
    """

    def compute() -> frozenset[str]:
        origins = {cid for cid, c in facts.design.components.items() if is_personal(facts.held_data(c))}
        personal = [f for f in facts.design.flows.values() if is_personal(facts.carried_data(f))]
        # A flow delivers to its target, and a bidirectional one to its source as well.
        receiving = {f.target for f in personal} | {f.source for f in personal if f.bidirectional}
        origins.update(f.source for f in personal if f.source not in receiving)
        return frozenset(origins)

    return facts.topo.cached(("predicates_a", "personal data origins"), compute)


def is_human(facts: DesignFacts, component: Component) -> bool:
    return facts.capable(component, "human")


def is_model_runtime(facts: DesignFacts, component: Component) -> bool:
    """A model we run ourselves (serving endpoint, self-hosted embedding model, on-device runtime)."""
    return facts.capable(component, "serves_model") and not facts.is_third_party(component)


def is_model_registry(facts: DesignFacts, component: Component) -> bool:
    """A store of versioned weights (the model registry / artifact store)."""
    return facts.capable(component, "data_store") and facts.capable(component, "stores_model_weights")


def model_registry_ids(facts: DesignFacts) -> frozenset[str]:
    """Every model registry of the design (see ``is_model_registry``)."""
    return facts.topo.cached(
        ("predicates_a", "model registries"),
        lambda: facts.capable_ids("data_store") & facts.capable_ids("stores_model_weights"),
    )


def crossing_name(ctx: RuleContext, flow: DataFlow) -> str:
    """Name the boundary the flow enters (``the Knowledge platform boundary (DATA)``), or the pair of
    zones when no boundary is drawn (``the EDGE → APP zone boundary``)."""
    facts = ctx.facts
    source = ctx.design.components[flow.source]
    target = ctx.design.components[flow.target]
    entered = facts.boundary_of(target) or facts.boundary_of(source)
    if entered is not None and entered.name:
        return f"the {entered.name} boundary ({entered.zone.value})"
    return f"the {facts.zone_of(source).value} → {facts.zone_of(target).value} zone boundary"


def join_names(names: list[str], limit: int = 4) -> str:
    """``A``, ``A and B``, ``A, B and C``, or ``A, B, C, D and 3 more``."""
    if len(names) > limit:
        shown = names[:limit]
        return f"{', '.join(shown)} and {len(names) - limit} more"
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def sensitive_assets_profile(ctx: RuleContext, asset_ids: Iterable[str]) -> DataProfile:
    """The combined profile of the personal or confidential assets among ``asset_ids``, each named once
    (for messages that list what a component receives over several flows)."""
    assets = [
        asset
        for asset in (ctx.design.data_assets.get(a) for a in dict.fromkeys(asset_ids))
        if asset is not None
        and (
            bool(set(asset.tags) & PERSONAL_TAGS)
            or CLASSIFICATION_LEVEL[asset.classification] >= CONFIDENTIAL_LEVEL
        )
    ]
    if not assets:
        return DataProfile(None, frozenset(), ())
    top = max((a.classification for a in assets), key=CLASSIFICATION_LEVEL.__getitem__)
    tags = frozenset(tag for asset in assets for tag in asset.tags)
    return DataProfile(top, tags, tuple(asset.name or asset.id for asset in assets))
