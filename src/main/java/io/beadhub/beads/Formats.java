package io.beadhub.beads;

import io.beadhub.names.Names;
import java.util.regex.Pattern;

/** Formats of spec 40 §1.1 (full matches). */
public final class Formats {
  public static final Pattern BEAD_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
  public static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9/_.-]{0,254}");
  public static final Pattern VALUE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  private Formats() {
  }

  public static boolean isBeadId(String s) {
    return s != null && BEAD_ID.matcher(s).matches();
  }

  public static boolean isBranch(String s) {
    return s != null && BRANCH.matcher(s).matches();
  }

  public static boolean isRepo(String s) {
    return s != null && !s.isEmpty() && Names.isCanonicalOrigin(s);
  }

  /** The required {@code repo} field of an upload or push body; 422 (validation) when not a canonical origin. */
  public static String requiredRepo(io.beadhub.http.Body b) {
    String repo = b.requiredStr("repo");
    if (!isRepo(repo)) {
      throw io.beadhub.http.ValidationError.body("repo",
          "Invalid repository: must be canonical origin format like github.com/org/repo", repo);
    }
    return repo;
  }

  public static String first(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n);
  }

  /** A branch parameter: absent → {@code main}; not a branch name → 422. */
  public static String branchOrMain(String b) {
    if (b == null) {
      return "main";
    }
    if (!isBranch(b)) {
      throw io.beadhub.common.ApiError.unprocessable("Invalid branch name: " + first(b, 50));
    }
    return b;
  }

  /** The optional {@code repo} filter of a read route; 422 when it is not a canonical origin. */
  public static String repoFilter(io.beadhub.http.Query q) {
    String repo = q.filter("repo", 255);
    if (repo != null && !isRepo(repo)) {
      throw io.beadhub.common.ApiError.unprocessable("Invalid repo: " + first(repo, 50));
    }
    return repo;
  }

  /** The optional {@code branch} filter of a read route; 422 when it is not a branch name. */
  public static String branchFilter(io.beadhub.http.Query q) {
    String b = q.filter("branch", 255);
    if (b != null && !isBranch(b)) {
      throw io.beadhub.common.ApiError.unprocessable("Invalid branch name: " + first(b, 50));
    }
    return b;
  }
}
