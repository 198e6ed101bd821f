package io.beadhub.messaging;

import io.beadhub.agents.Agent;
import io.beadhub.agents.AgentStore;
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
    String firstDid = AgentStore.firstDid(h, a.agentId()).orElse(a.did());
    Optional<String> stable = DidKey.stableIdOf(firstDid).or(() -> DidKey.stableIdOf(a.did()));
    stable.ifPresent(s -> AgentStore.fillStableId(h, a.agentId(), s));
    return stable.orElse(null);
  }
}
