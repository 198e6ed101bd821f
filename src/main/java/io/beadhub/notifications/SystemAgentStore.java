package io.beadhub.notifications;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** SQL of the per-project system agent's row in aweb.agents (spec 40 §7.1). */
final class SystemAgentStore {
  private SystemAgentStore() {
  }

  /** The agent's alias, deleted or not. */
  static Optional<String> alias(Handle h, UUID agentId) {
    return h.createQuery("SELECT alias FROM aweb.agents WHERE agent_id = :id")
        .bind("id", agentId).mapTo(String.class).findOne();
  }

  /** Inserts the agent under {@code alias} unless a live agent of the project holds it; false when not inserted. */
  static boolean insertIfAliasFree(Handle h, UUID agentId, UUID projectId, String alias) {
    return h.createUpdate("""
        INSERT INTO aweb.agents (agent_id, project_id, alias, human_name, agent_type, lifetime, status, custody)
        SELECT :id, :p, :alias, 'BeadHub Notifications', 'system', 'persistent', 'active', 'custodial'
         WHERE NOT EXISTS (SELECT 1 FROM aweb.agents WHERE project_id = :p AND alias = :alias AND deleted_at IS NULL)
        ON CONFLICT DO NOTHING
        """).bind("id", agentId).bind("p", projectId).bind("alias", alias).execute() == 1;
  }
}
