package io.beadhub.policies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PolicyResetFailureTest {
  @Test
  void aDefaultBundleThatFailsToReloadIs500WithTheReasonAndChangesNothing() {
    try (TestServer server = TestServer.start();
         Database db = new Database(DatabaseUrl.parse(server.databaseUrl()), 2)) {
      TwoProjects t = TwoProjects.policies(server);
      server.get("/v1/policies/active", t.ka());
      PolicyService broken = new PolicyService(db, Clock.systemUTC(), () -> DefaultBundle.load("defaults-bad"));
      Caller alice = new Caller(UUID.fromString(t.pId()), UUID.fromString(t.wa()), null, null, Caller.Mode.BEARER, false);
      assertThatThrownBy(() -> broken.reset(alice))
          .isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.status()).isEqualTo(500);
            assertThat((String) e.detail()).startsWith("Failed to reload default policy bundle: ")
                .contains("invariants/a.md");
          });
      assertThat(server.get("/v1/policies/history", t.ka()).get("policies").size()).isEqualTo(1);
    }
  }
}
