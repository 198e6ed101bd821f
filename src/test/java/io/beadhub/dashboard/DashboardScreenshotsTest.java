package io.beadhub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.demo.Demo;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PNG of each of the eight pages of a project seeded as {@code ./beadhub demo} seeds it, signed in with
 * the link {@code bdh :dashboard} would print. Written to target/screenshots; with
 * {@code -Dbeadhub.screenshots=docs/screenshots} to the ones the README shows.
 */
class DashboardScreenshotsTest {
  static final Path DIR = Path.of(System.getProperty("beadhub.screenshots", "target/screenshots"));
  static TestServer server;
  static Browser browser;

  @BeforeAll
  static void start() {
    if (!Browser.chromiumPresent()) {
      return; // each test then reports itself skipped (or failed under CI=true)
    }
    server = TestServer.start();
    browser = Browser.start(server.base());
  }

  @BeforeEach
  void needsChromium() {
    Browser.requireChromium();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyPageOfTheDemoProjectIsShownPopulated() throws Exception {
    String coord = new Demo(server.base(), "demo").run();
    browser.signIn(coord, "/status");
    browser.findWithText("header .who", "dashboard-cora");
    Resp mail = server.post("/v1/messages", Map.of("to_alias", "dashboard-cora", "subject", "Release plan",
        "body", "Draft of the v2 release plan is in wa-1. Can you review it today?"), coord);
    assertThat(mail.status()).as(mail.toString()).isEqualTo(200);
    String mailId = mail.get("message_id").asText();
    String chat = server.get("/v1/chat/admin/sessions", coord).get("sessions").get(0).get("session_id").asText();
    String escalation = server.get("/v1/escalations", coord).get("escalations").get(0).get("escalation_id").asText();

    browser.findWithText(".feed li", "Release plan");
    shoot("/status", "tr[data-alias='alice-dev']", "status");
    shoot("/beads", "tr[data-bead='wa-3']", "beads");
    shoot("/workspaces", "tr[data-alias='bob-dev']", "workspaces");
    shoot("/claims", "table", "claims");
    shoot("/mail/" + mailId, "pre[data-body]", "mail");
    shoot("/chat/" + chat, ".messages li", "chat");
    shoot("/escalations/" + escalation, "input[name=choice]", "escalations");
    shoot("/policies", "section[data-role]", "policies");
    for (String page : List.of("status", "beads", "workspaces", "claims", "mail", "chat", "escalations", "policies")) {
      assertThat(Files.size(DIR.resolve(page + ".png"))).as(page).isGreaterThan(10_000);
    }
  }

  private static void shoot(String path, String ready, String name) {
    browser.driver().navigate().to(server.base() + path);
    browser.find(ready);
    browser.await(() -> browser.all("main .loading").isEmpty(), "the page to finish loading");
    browser.screenshot(DIR.resolve(name + ".png"));
  }
}
