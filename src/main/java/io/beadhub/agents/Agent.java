package io.beadhub.agents;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A row of aweb.agents with its project's namespace slug. */
public record Agent(
    UUID agentId,
    UUID projectId,
    String alias,
    String humanName,
    String agentType,
    OffsetDateTime createdAt,
    OffsetDateTime deletedAt,
    String accessMode,
    String did,
    String publicKey,
    String custody,
    String lifetime,
    String status,
    UUID successorAgentId,
    String stableId,
    String namespaceSlug) {

  public boolean live() {
    return deletedAt == null;
  }

  /** {@code ns/alias}, or the bare alias when the namespace is unknown. */
  public String address() {
    return address(namespaceSlug, alias);
  }

  /** The address of {@code alias} in the namespace {@code namespaceSlug} (null or empty: unknown). */
  public static String address(String namespaceSlug, String alias) {
    return namespaceSlug == null || namespaceSlug.isEmpty() ? alias : namespaceSlug + "/" + alias;
  }

  public boolean system() {
    return "system".equals(agentType);
  }
}
