package io.beadhub.common;

import java.util.UUID;

/**
 * Who is calling: the authenticated identity (spec 10 §5.1–5.2). {@code agentId} is the key's bound
 * agent (bearer) or the actor header (proxy); null for unbound keys.
 */
public record Caller(UUID projectId, UUID agentId, UUID apiKeyId, UUID userId, Mode mode, boolean publicReader) {
  public enum Mode { BEARER, PROXY }

  public boolean proxy() {
    return mode == Mode.PROXY;
  }
}
