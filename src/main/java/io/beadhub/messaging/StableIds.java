package io.beadhub.messaging;

import io.beadhub.agents.Agent;
import io.beadhub.identity.DidKey;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The agent's stable id, derived and stored on first need when the row lacks it (spec 10 §6.2). */
public final class StableIds {
  private StableIds() {
  }

  public static String of(Handle h, Agent a) {
    if (a.stableId() != null || a.did() == null) {
      return a.stableId();
    }
    String firstDid = h.createQuery("""
            SELECT new_did FROM aweb.agent_log
             WHERE agent_id = :agent AND operation IN ('create', 'claim_identity') AND new_did IS NOT NULL
             ORDER BY created_at, log_id LIMIT 1
            """)
        .bind("agent", a.agentId()).mapTo(String.class).findOne().orElse(a.did());
    Optional<String> stable = DidKey.stableIdOf(firstDid).or(() -> DidKey.stableIdOf(a.did()));
    stable.ifPresent(s -> h.createUpdate("UPDATE aweb.agents SET stable_id = :s WHERE agent_id = :id AND stable_id IS NULL")
        .bind("s", s).bind("id", a.agentId()).execute());
    return stable.orElse(null);
  }
}
