package io.beadhub.repos;

import io.beadhub.http.Body;
import io.beadhub.http.ValidationError;

/** Repo origins in request bodies: canonicalised (spec 30 §3.1), or a 422 naming the field. */
public final class RepoOrigins {
  private RepoOrigins() {
  }

  /** A required origin field of 1..{@code max} characters, canonicalised. */
  public static String required(Body b, String field, int max) {
    return canonical(b.requiredStr(field, 1, max), field);
  }

  public static String canonical(String raw, String field) {
    try {
      return GitUrl.canonicalize(raw);
    } catch (GitUrl.Invalid e) {
      throw ValidationError.body(field, "Invalid " + field + ": " + e.getMessage(), raw);
    }
  }
}
