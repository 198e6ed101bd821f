package io.beadhub.common;

/** What a route requires of its caller; checked in the order of spec 10 §0.4 before the handler runs. */
public enum Access {
  /** No credentials; any sent are ignored. */
  NONE,
  /** No credentials needed, but credentials that are sent must authenticate (30 §2.1). */
  OPTIONAL,
  /** Any valid credential; public readers get 403. */
  PROJECT,
  /** Any valid credential, public readers included (the route redacts). */
  PUBLIC,
  /**
   * Any valid credential, public readers included, even a proxy context whose project does not exist:
   * the route describes the credential itself (spec 10 §7.2). Every other route answers such a context
   * 404 {@code Project not found}.
   */
  CREDENTIAL,
  /** A credential with an actor agent (10 §5.4 step 1); public readers get 403. */
  ACTOR
}
