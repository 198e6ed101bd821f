package io.beadhub.messaging;

import io.beadhub.http.ValidationError;
import io.beadhub.names.Names;

/** The alias rules of spec 10 §3 for aliases named in a request body (422 validation). */
public final class AliasRules {
  private AliasRules() {
  }

  /** Checks an already trimmed alias. */
  public static String check(String field, String alias) {
    if (alias.isEmpty()) {
      throw ValidationError.body(field, "alias must not be empty", alias);
    }
    if (alias.length() > 64) {
      throw ValidationError.body(field, "alias too long", alias);
    }
    if (!Names.isAlias(alias)) {
      throw ValidationError.body(field, "Invalid alias format", alias);
    }
    if (Names.isReservedAlias(alias)) {
      throw ValidationError.body(field, "'" + alias + "' is a reserved alias", alias);
    }
    return alias;
  }
}
