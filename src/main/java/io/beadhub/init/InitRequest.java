package io.beadhub.init;

import java.util.UUID;

/** A validated {@code POST /v1/init} body (spec 10 §7.1). Strings are trimmed; absent ones are defaults. */
public record InitRequest(
    String projectSlug,
    String projectName,
    String alias,          // null ⇒ allocate
    String humanName,
    String agentType,
    String lifetime,
    String custody,        // null ⇒ derived
    String did,
    String publicKey,
    UUID projectId,        // hosted mode
    String repoOrigin,
    String role,           // normalised
    String hostname,
    String workspacePath) {
}
