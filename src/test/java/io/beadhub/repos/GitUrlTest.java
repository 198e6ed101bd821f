package io.beadhub.repos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Spec 30 §0.3: every spelling of one repo canonicalises to {@code host/org/repo}. */
class GitUrlTest {
  @Test
  void allSpellingsOfOneRepoAgree() throws Exception {
    for (String s : new String[] {"git@github.com:org/repo.git", "https://github.com/org/repo.git",
        "ssh://git@github.com:22/org/repo.git", "https://user@GitHub.com/org/repo/"}) {
      assertThat(GitUrl.canonicalize(s)).as(s).isEqualTo("github.com/org/repo");
    }
  }

  @Test
  void failuresNameTheReason() {
    assertThatThrownBy(() -> GitUrl.canonicalize("  ")).hasMessage("Empty origin URL");
    assertThatThrownBy(() -> GitUrl.canonicalize("nonsense")).hasMessage("Invalid git URL: nonsense");
    assertThatThrownBy(() -> GitUrl.canonicalize("https://github.com/")).hasMessageStartingWith("Invalid git URL (no path)");
    assertThatThrownBy(() -> GitUrl.canonicalize("https://github.com/a b/c")).isInstanceOf(GitUrl.Invalid.class);
    assertThatThrownBy(() -> GitUrl.canonicalize("::::")).isInstanceOf(GitUrl.Invalid.class);
  }
}
