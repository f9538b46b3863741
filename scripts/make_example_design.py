from caisa_studio.model import Design
from caisa_studio.io import save_design
I = {"status": "implemented", "justification": ""}
P = {"status": "planned", "justification": "Scheduled for the Q3 hardening sprint."}
def c(id, kind, name, b, x, y, props=None, holds=None, controls=None):
    return {"id": id, "kind": kind, "name": name, "boundary": b, "position": [x, y],
            "properties": props or {}, "holds": holds or [], "controls": controls or {}}
def f(id, s, t, proto, carries=(), controls=None, bidi=False, props=None):
    return {"id": id, "source": s, "target": t, "protocol": proto, "bidirectional": bidi,
            "carries": list(carries), "properties": props or {}, "controls": {"enc_in_transit": I} if controls is None else controls}
design = {
  "schema_version": 1, "id": "example-rag-assistant",
  "title": "Customer support RAG assistant",
  "description": "A chat assistant that answers customer questions from the internal knowledge base, "
                 "using a hosted LLM behind an AI gateway. Bundled example with deliberate gaps to find.",
  "properties": {"risk_class": "limited", "reference": None},
  "boundaries": [
    {"id": "b-internet", "name": "Internet", "zone": "PUBLIC", "rect": [40, 40, 248, 176], "controls": {}},
    {"id": "b-edge", "name": "Edge", "zone": "EDGE", "rect": [328, 40, 248, 336], "controls": {}},
    {"id": "b-app", "name": "Application tier", "zone": "APP", "rect": [616, 40, 456, 480], "controls": {}},
    {"id": "b-data", "name": "Knowledge platform", "zone": "DATA", "rect": [1112, 40, 248, 640],
     "controls": {"segmentation": I}},
    {"id": "b-vendor", "name": "LLM provider", "zone": "EXTERNAL", "rect": [616, 576, 456, 176], "controls": {}},
    {"id": "b-mgmt", "name": "Security services", "zone": "MGMT", "rect": [40, 576, 536, 176], "controls": {}},
  ],
  "components": [
    c("user", "human_user", "Customer", "b-internet", 80, 96),
    c("gateway", "api_gateway", "Public API gateway", "b-edge", 368, 96, {"internet_facing": True},
      controls={"authn": I, "rate_limit": I}),
    c("webapp", "web_app", "Support chat app", "b-edge", 368, 256, {"production": True},
      holds=["da-tokens"], controls={"authn": I, "secrets_mgmt": I}),
    c("orchestrator", "orchestrator", "Answer orchestrator", "b-app", 656, 256,
      controls={"audit_logging": I, "output_filter": P}),
    c("guardrail", "guardrail", "Prompt guardrail", "b-app", 656, 96, controls={"input_filter": I}),
    c("retriever", "rag_retriever", "Knowledge retriever", "b-app", 864, 256),
    c("aigw", "ai_gateway", "AI gateway", "b-app", 656, 416, controls={"secrets_mgmt": I, "rate_limit": I}),
    c("embedder", "embedding_service", "Embedding model", "b-app", 864, 416, {"model_kind": "embedding"}),
    c("vectordb", "vector_db", "Support vector index", "b-data", 1152, 256,
      holds=["da-embeddings", "da-kb"], controls={"authz": P}),
    c("kb", "enterprise_data_source", "Knowledge base", "b-data", 1152, 576,
      holds=["da-kb"], controls={"enc_at_rest": I, "authz": I}),
    c("ingest", "data_pipeline", "Document ingestion", "b-data", 1152, 416),
    c("llm", "llm_api", "Hosted LLM", "b-vendor", 656, 640,
      {"third_party": True, "production": True, "model_kind": "generative", "origin": "vendor"}),
    c("idp", "identity_provider", "Identity provider", "b-mgmt", 80, 640, controls={"authn": I}),
    c("siem", "logging_siem", "Central logging", "b-mgmt", 368, 640,
      holds=["da-logs"], controls={"enc_at_rest": I}),
  ],
  "flows": [
    f("f-user-gateway", "user", "gateway", "HTTPS", ["da-chat"], {"enc_in_transit": I, "authn": I}),
    f("f-gateway-webapp", "gateway", "webapp", "HTTPS", ["da-chat"]),
    f("f-webapp-idp", "webapp", "idp", "OIDC", ["da-tokens"]),
    f("f-webapp-orchestrator", "webapp", "orchestrator", "gRPC", ["da-chat"]),
    f("f-orchestrator-guardrail", "orchestrator", "guardrail", "gRPC", ["da-chat"], bidi=True),
    f("f-orchestrator-retriever", "orchestrator", "retriever", "gRPC", ["da-chat"]),
    f("f-retriever-embedder", "retriever", "embedder", "gRPC"),
    f("f-retriever-vectordb", "retriever", "vectordb", "HTTPS", ["da-kb"]),
    f("f-orchestrator-aigw", "orchestrator", "aigw", "HTTPS", ["da-chat", "da-kb"]),
    f("f-aigw-llm", "aigw", "llm", "HTTPS", ["da-chat", "da-kb"], {"enc_in_transit": P}),
    f("f-kb-ingest", "kb", "ingest", "JDBC", ["da-kb"]),
    f("f-ingest-embedder", "ingest", "embedder", "gRPC", ["da-kb"]),
    f("f-ingest-vectordb", "ingest", "vectordb", "HTTPS", ["da-embeddings", "da-kb"], {}),
    f("f-orchestrator-siem", "orchestrator", "siem", "syslog", ["da-logs"], {}),
  ],
  "data_assets": [
    {"id": "da-chat", "name": "Customer questions and answers", "classification": "confidential", "tags": ["pii", "prompts"]},
    {"id": "da-kb", "name": "Support knowledge articles", "classification": "confidential", "tags": ["business_records"]},
    {"id": "da-embeddings", "name": "Article embeddings", "classification": "confidential", "tags": ["embeddings"]},
    {"id": "da-logs", "name": "Audit and AI telemetry logs", "classification": "confidential", "tags": ["telemetry", "prompts"]},
    {"id": "da-tokens", "name": "Session tokens", "classification": "restricted", "tags": ["credentials"]},
  ],
  "risk_tracking": {},
}
d = Design.model_validate(design)
save_design(d, "resources/examples/rag-assistant.caisa.json")
