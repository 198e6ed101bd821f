package io.beadhub.auth;

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
  /** A credential with an actor agent (10 §5.4 step 1); public readers get 403. */
  ACTOR
}
