package io.beadhub.repos;

import io.beadhub.common.ApiError;
import io.beadhub.common.Uuids;
import io.beadhub.http.Query;
import io.beadhub.http.ValidationError;
import io.beadhub.names.Names;
import java.util.List;
import java.util.UUID;

/** Repo parameters of a query string, as the listings and status read them (spec 30 §2.4, §6). */
public final class RepoQuery {
  private RepoQuery() {
  }

  /** {@code repo}: a canonical origin, or null when absent. */
  public static String canonical(Query q) {
    String repo = q.filter("repo", 255);
    if (repo != null && !Names.isCanonicalOrigin(repo)) {
      throw ApiError.unprocessable("Invalid repo format: " + repo.substring(0, Math.min(50, repo.length())));
    }
    return repo;
  }

  /** A {@code repo_id} value: exactly 36 characters and a UUID; null when {@code raw} is null. */
  public static UUID id(String raw) {
    if (raw == null) {
      return null;
    }
    if (raw.length() != 36) {
      boolean shorter = raw.length() < 36;
      throw ValidationError.of(shorter ? "string_too_short" : "string_too_long", List.of("query", "repo_id"),
          "String should have " + (shorter ? "at least" : "at most") + " 36 characters", raw);
    }
    return Uuids.parse(raw).orElseThrow(() -> ApiError.unprocessable("Invalid repo_id format: expected UUID"));
  }
}
