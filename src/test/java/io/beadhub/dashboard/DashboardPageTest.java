package io.beadhub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spec 80 §1: the page and its assets, and the API paths it never shadows. */
class DashboardPageTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void rootAndEveryClientRouteAnswerThePageWithTheSecurityHeaders() {
    for (String path : new String[] {"/", "/status", "/beads/bd-12", "/chat/some/deep/link", "/policies?x=1"}) {
      Resp r = server.get(path, null);
      assertThat(r.status()).as(path).isEqualTo(200);
      assertThat(r.header("Content-Type")).as(path).isEqualToIgnoringCase("text/html;charset=utf-8");
      assertThat(r.text()).contains("<div id=\"app\">");
      assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
      String csp = r.header("Content-Security-Policy");
      assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'")
          .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
      assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
    }
  }

  @Test
  void apiPathsKeepTheirJson404And405() {
    for (String path : new String[] {"/v1/nothing-here", "/v1", "/health/x", "/mcp/x", "/metrics", "/assets/x/y.js"}) {
      Resp r = server.get(path, null);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.header("Content-Type")).as(path).startsWith("application/json");
      assertThat(r.detail()).isEqualTo("Not Found");
    }
    Resp mcp = server.get("/mcp", null);
    assertThat(mcp.status()).isEqualTo(401);
    assertThat(mcp.header("Content-Type")).startsWith("application/json");
    Resp wrongMethod = server.get("/v1/agents/heartbeat", null);
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Allow")).isEqualTo("POST");
    assertThat(server.post("/status", Map.of(), null).status()).isEqualTo(404);
    assertThat(server.get("/health", null).status()).isEqualTo(200);
  }

  @Test
  void assetsCarryTheContentHashAndAreCachedForAYear() {
    String html = server.get("/", null).text();
    Matcher m = Pattern.compile("/assets/([0-9a-f]{16})/js/app\\.js").matcher(html);
    assertThat(m.find()).as(html).isTrue();
    Resp js = server.get("/assets/" + m.group(1) + "/js/app.js", null);
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.header("Content-Type")).startsWith("text/javascript");
    assertThat(js.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    Resp css = server.get("/assets/" + m.group(1) + "/app.css", null);
    assertThat(css.header("Content-Type")).startsWith("text/css");
    assertThat(server.get("/assets/0000000000000000/js/app.js", null).status()).isEqualTo(404);
    assertThat(server.get("/assets/" + m.group(1) + "/js/missing.js", null).status()).isEqualTo(404);
    assertThat(server.get("/assets/" + m.group(1) + "/../index.html", null).status()).isEqualTo(404);
  }

  @Test
  void assetsAreGzippedForClientsThatAcceptIt() {
    String html = server.get("/", null).text();
    Matcher m = Pattern.compile("/assets/[0-9a-f]{16}/app\\.css").matcher(html);
    assertThat(m.find()).isTrue();
    Resp r = server.send("GET", m.group(), null, Map.of("Accept-Encoding", "gzip"));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(r.header("Vary")).isEqualTo("Accept-Encoding");
  }
}
