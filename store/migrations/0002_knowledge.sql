-- Policies (versioned) and the knowledge index searched by the assistant.
CREATE TABLE policy_documents (
    slug            text NOT NULL,
    version         int NOT NULL CHECK (version > 0),
    title           text NOT NULL,
    summary         text NOT NULL,
    body_md         text NOT NULL,
    effective_from  date NOT NULL,
    superseded_at   date,
    content_hash    text NOT NULL,
    PRIMARY KEY (slug, version)
);
-- At most one current version of each policy.
CREATE UNIQUE INDEX policy_documents_current_key ON policy_documents (slug) WHERE superseded_at IS NULL;

-- The layout PGVectorStore (langchain-postgres) reads: id, content, embedding, metadata columns
-- and a JSON column for the rest. The id is the stable citation id (policy:returns@v3#window).
CREATE TABLE knowledge_chunks (
    source_id       text PRIMARY KEY,
    content         text NOT NULL,
    embedding       vector(384) NOT NULL,
    kind            text NOT NULL CHECK (kind IN ('policy', 'product')),
    category        text,
    market          text NOT NULL DEFAULT 'ALL',
    sku             text,
    policy          text,
    version         int,
    title           text NOT NULL,
    content_hash    text NOT NULL,
    langchain_metadata json
);
-- pgvector 0.6.2 filters after the HNSW scan, so a filter can starve the result list. Partial
-- indexes per kind keep the common "policies only" / "products only" searches complete, and the
-- search code falls back to an exact scan when a narrower filter still returns too few rows.
CREATE INDEX knowledge_chunks_embedding_hnsw ON knowledge_chunks
    USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64);
CREATE INDEX knowledge_chunks_policy_hnsw ON knowledge_chunks
    USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64) WHERE kind = 'policy';
CREATE INDEX knowledge_chunks_product_hnsw ON knowledge_chunks
    USING hnsw (embedding vector_cosine_ops) WITH (m = 16, ef_construction = 64) WHERE kind = 'product';
CREATE INDEX knowledge_chunks_filter_idx ON knowledge_chunks (kind, category, market);

-- One row per index build, so operators can see what is live and when it was swapped in.
CREATE TABLE knowledge_builds (
    id              bigserial PRIMARY KEY,
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz,
    chunks_total    int,
    chunks_embedded int,
    chunks_removed  int,
    status          text NOT NULL CHECK (status IN ('running', 'live', 'failed', 'unchanged'))
);
