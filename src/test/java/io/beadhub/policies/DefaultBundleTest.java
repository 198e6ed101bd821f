package io.beadhub.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultBundleTest {
  @Test
  void shippedBundleHasTheSpecifiedIdsTitlesAndNonEmptyTexts() {
    ObjectNode b = DefaultBundle.load();
    List<String> titles = new ArrayList<>();
    for (JsonNode inv : b.get("invariants")) {
      titles.add(inv.path("id").asText() + "=" + inv.path("title").asText());
      assertThat(inv.path("body_md").asText()).isNotBlank().contains("bdh");
    }
    assertThat(titles).containsExactly("tracking.bdh-only=Use bdh for tracking",
        "communication.mail-first=Mail-first communication",
        "communication.chat=Chat for synchronous coordination",
        "identity.no-impersonation=No workspace impersonation",
        "teamwork.collaborate=Collaborate toward the goal");
    List<String> roles = new ArrayList<>();
    b.get("roles").properties().forEach(e -> {
      roles.add(e.getKey() + "=" + e.getValue().path("title").asText());
      assertThat(e.getValue().path("playbook_md").asText()).isNotBlank().contains("bdh");
    });
    assertThat(roles).containsExactly("backend=Backend Expert", "coordinator=Coordinator", "developer=Developer",
        "frontend=Frontend Expert", "reviewer=Reviewer");
    assertThat(b.get("adapters").size()).isZero();
  }

  @Test
  void anEntryWithoutFrontMatterIsRejectedNamingTheFile() {
    assertThatThrownBy(() -> DefaultBundle.load("defaults-bad"))
        .isInstanceOf(DefaultBundle.Invalid.class).hasMessageContaining("invariants/a.md");
  }

  @Test
  void aDuplicateRoleIsRejected() {
    assertThatThrownBy(() -> DefaultBundle.load("defaults-dup"))
        .isInstanceOf(DefaultBundle.Invalid.class).hasMessageContaining("duplicate role 'dev'");
  }

  @Test
  void aMissingManifestIsRejected() {
    assertThatThrownBy(() -> DefaultBundle.load("no-such-dir"))
        .isInstanceOf(DefaultBundle.Invalid.class).hasMessageContaining("not found");
  }
}
