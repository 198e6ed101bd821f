package io.beadhub.notifications;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The per-project system agent that sends notifications (spec 40 §7.1), created on first use. */
public final class SystemAgent {
  public static final UUID URL_NAMESPACE = UUID.fromString("6ba7b811-9dad-11d1-80b4-00c04fd430c8");

  public record Sender(UUID agentId, String alias) {
  }

  private SystemAgent() {
  }

  public static UUID idOf(UUID projectId) {
    return uuid5(URL_NAMESPACE, "beadhub:system:" + projectId);
  }

  /** UUIDv5 (SHA-1, RFC 4122 §4.3). */
  public static UUID uuid5(UUID namespace, String name) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      java.nio.ByteBuffer ns = java.nio.ByteBuffer.allocate(16);
      ns.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits());
      md.update(ns.array());
      md.update(name.getBytes(StandardCharsets.UTF_8));
      byte[] h = md.digest();
      h[6] = (byte) ((h[6] & 0x0f) | 0x50);
      h[8] = (byte) ((h[8] & 0x3f) | 0x80);
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(h, 0, 16);
      return new UUID(b.getLong(), b.getLong());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The project's system agent, inserted if absent (alias {@code system}, else fallbacks). */
  public static Sender ensure(Handle h, UUID projectId) {
    UUID id = idOf(projectId);
    Optional<String> alias = SystemAgentStore.alias(h, id);
    if (alias.isPresent()) {
      return new Sender(id, alias.get());
    }
    String hex = projectId.toString().replace("-", "").substring(0, 8);
    for (String candidate : List.of("system", "beadhub-system", "beadhub-system-" + hex)) {
      if (SystemAgentStore.insertIfAliasFree(h, id, projectId, candidate)) {
        return new Sender(id, candidate);
      }
      Optional<String> now = SystemAgentStore.alias(h, id);
      if (now.isPresent()) {
        return new Sender(id, now.get());
      }
    }
    throw new IllegalStateException("no alias free for the system agent of project " + projectId);
  }
}
