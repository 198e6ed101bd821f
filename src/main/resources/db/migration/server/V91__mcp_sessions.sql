-- MCP sessions (spec 90 §1): one row per Mcp-Session-Id, so that any replica can serve a session another
-- replica opened, and a session ended with DELETE is gone on every replica.
CREATE TABLE server.mcp_sessions (
    session_id      uuid        PRIMARY KEY,
    project_id      uuid        NOT NULL,
    agent_id        uuid        NOT NULL,
    -- the client's initialize params, to rebuild the session on a replica that has not seen it
    initialize      jsonb       NOT NULL,
    created_at      timestamptz NOT NULL,
    last_used_at    timestamptz NOT NULL
);

CREATE INDEX mcp_sessions_last_used ON server.mcp_sessions (last_used_at);
