package io.beadhub.presence;

/** The aweb agent presence record (spec 30 §5.1): written by {@code POST /v1/agents/heartbeat}. */
public record AgentPresence(String agentId, String alias, String projectId, String status, String lastSeen) {
}
