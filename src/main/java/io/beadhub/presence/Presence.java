package io.beadhub.presence;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The presence store (spec 30 §5.3): a cache with a TTL, never the authority. Two implementations:
 * Redis ({@code BEADHUB_REDIS_URL}) and in-process. Writers are best effort; reads never return
 * expired records and answer "nothing present" on failure.
 */
public interface Presence extends AutoCloseable {
  /** Merge-writes the record, resets its TTL; returns the {@code last_seen} written. */
  String upsert(PresenceRecord record, int ttlSeconds);

  Optional<PresenceRecord> get(String workspaceId);

  /** Changes a live record without touching its TTL or {@code last_seen}; false when there is none. */
  boolean update(String workspaceId, java.util.function.UnaryOperator<PresenceRecord> change);

  /** Live records only, in input order. */
  List<PresenceRecord> getMany(Collection<String> workspaceIds);

  List<PresenceRecord> listByProject(String projectId);

  Optional<String> aliasOwner(String projectId, String alias);

  /** Removes the records and their index entries; returns how many existed. */
  int clear(Collection<String> workspaceIds);

  String upsertAgent(String agentId, String alias, String projectId, int ttlSeconds);

  Optional<AgentPresence> getAgent(String agentId);

  /** Live agent records of the given agents, keyed by agent id. */
  java.util.Map<String, AgentPresence> getAgents(Collection<String> agentIds);

  @Override
  default void close() {
  }
}
