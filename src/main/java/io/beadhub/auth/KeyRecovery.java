package io.beadhub.auth;

import io.beadhub.agents.Agent;
import io.beadhub.agents.AgentStore;
import io.beadhub.db.Database;
import io.beadhub.projects.ProjectStore;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A new key for an existing agent, minted by an operator with access to the database (the
 * {@code beadhub key} command), for a human who lost the agent's key: {@code /v1/init} will not mint
 * one for an existing alias without the agent's own key.
 */
public final class KeyRecovery {
  /** The minted key (shown once, stored only as its hash) and how many older keys were revoked. */
  public record Minted(UUID projectId, UUID agentId, String address, String apiKey, int revoked) {
  }

  /** Why no key was minted, in words for the operator. */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private KeyRecovery() {
  }

  /**
   * In one transaction: the live agent {@code alias} of the single-tenant project {@code slug} gets a
   * new key; unless {@code keepOld}, its other keys are deactivated first (a lost key may be in the
   * wrong hands). The agent's log records it.
   */
  public static Minted mint(Database db, String slug, String alias, boolean keepOld) {
    return db.tx(h -> {
      ProjectStore.Project project = ProjectStore.findLiveBySlug(h, slug)
          .orElseThrow(() -> new Refused("no live project with slug '" + slug + "'"));
      Agent agent = AgentStore.findLiveByAlias(h, project.projectId(), alias)
          .orElseThrow(() -> new Refused("no live agent '" + alias + "' in project '" + slug + "'"));
      if (agent.system()) {
        throw new Refused("'" + alias + "' is the project's system agent, which never gets a key");
      }
      if (!"active".equals(agent.status())) {
        throw new Refused("agent '" + alias + "' is " + agent.status() + "; it cannot act any more");
      }
      int revoked = keepOld ? 0 : KeyStore.deactivateForAgents(h, List.of(agent.agentId()));
      String key = ApiKeys.mint();
      KeyStore.insert(h, project.projectId(), agent.agentId(), key);
      AgentStore.log(h, agent.agentId(), project.projectId(), "key_recovered", null, null, null, null,
          Map.of("revoked_keys", revoked, "via", "beadhub key"));
      return new Minted(project.projectId(), agent.agentId(), agent.address(), key, revoked);
    });
  }
}
