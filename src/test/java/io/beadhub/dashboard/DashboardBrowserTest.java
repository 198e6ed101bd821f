package io.beadhub.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Beads;
import io.beadhub.testing.Resp;
import io.beadhub.testing.SseClient;
import io.beadhub.testing.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;

/**
 * Spec 80 §6, checks 1–9, in headless Chromium against the real server (check 10 is an API check:
 * {@link DashboardRoutesTest#anotherProjectsKeySeesNoneOfThisProjectsSessionsAndGets404ForThem}). Each test
 * works in a project of its own and signs in with one of its agents' keys.
 */
class DashboardBrowserTest {
  static final String HUMAN = "Hana";
  static final String HUMAN_ALIAS = "dashboard-hana";
  static TestServer server;
  static Browser browser;

  @BeforeAll
  static void start() {
    if (!Browser.chromiumPresent()) {
      return; // each test then reports itself skipped (or failed under CI=true)
    }
    server = TestServer.start(Map.of("BEADHUB_DASHBOARD_HUMAN", HUMAN));
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

  /** An agent with a workspace in {@code slug}: its init answer (api_key, workspace_id, alias). */
  static JsonNode agent(String slug, String alias, String role) {
    Map<String, Object> b = new LinkedHashMap<>();
    b.put("project_slug", slug);
    b.put("alias", alias);
    b.put("human_name", "Pat");
    b.put("role", role);
    b.put("repo_origin", "git@github.com:acme/" + slug + ".git");
    b.put("hostname", "host-" + alias);
    b.put("workspace_path", "/src/" + alias);
    return server.init(b);
  }

  static String key(JsonNode agent) {
    return agent.get("api_key").asText();
  }

  static void mail(JsonNode from, String to, String subject) {
    Resp r = server.post("/v1/messages", Map.of("to_alias", to, "subject", subject, "body", "see " + subject), key(from));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  /** Waits until the page's live feed is connected. */
  static void feedLive() {
    browser.await(() -> browser.all(".live.is-live").size() == 1, "the live feed to connect");
  }

  /** Waits until the signed-in page has minted the human's identity (the header names its alias). */
  static void signedInAsHuman() {
    browser.findWithText("header .who", HUMAN_ALIAS);
  }

  @Test
  void check1TheFragmentKeyIsStoredAndRemovedAndStatusListsTheAgentsWithRoles() {
    JsonNode alice = agent("ui-check1", "alice-dev", "developer");
    agent("ui-check1", "bob-rev", "reviewer");
    mail(alice, "bob-rev", "waiting-mail");
    browser.signIn(key(alice), "/");
    WebElement bob = browser.find("tr[data-alias='bob-rev']");
    assertThat(bob.getText()).contains("reviewer");
    assertThat(browser.find("tr[data-alias='bob-rev'] [data-attention]").getText()).isEqualTo("1 unread");
    assertThat(browser.find("tr[data-alias='alice-dev']").getText()).doesNotContain("unread");
    assertThat(browser.find("tr[data-alias='alice-dev']").getText()).contains("developer");
    assertThat((String) browser.js("return location.href")).doesNotContain("#").doesNotContain("aw_sk_");
    assertThat(browser.js("return localStorage.getItem('beadhub.key')")).isEqualTo(key(alice));
  }

  @Test
  void check2AMailShowsInTheFeedWithin2sAndAReconnectShowsNoDuplicates() {
    JsonNode alice = agent("ui-check2", "alice-dev", "developer");
    agent("ui-check2", "bob-rev", "reviewer");
    browser.signIn(key(alice), "/status");
    feedLive();
    long sent = System.nanoTime();
    mail(alice, "bob-rev", "first-mail");
    browser.await(() -> browser.all(".feed li").stream().anyMatch(li -> li.getText().contains("first-mail")),
        "the mail in the feed within 2 s", Duration.ofSeconds(2));
    Figures.record("feed: a new mail shown after (ms)", (System.nanoTime() - sent) / 1_000_000);

    browser.js("window.__beadhubStream.drop()");
    mail(alice, "bob-rev", "second-mail");
    browser.findWithText(".feed li", "second-mail");
    feedLive();
    mail(alice, "bob-rev", "third-mail");
    browser.findWithText(".feed li", "third-mail");
    List<String> ids = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (WebElement li : browser.all(".feed li.event")) {
      ids.add(li.getAttribute("data-event-id"));
      lines.add(li.getText());
    }
    assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
    for (String subject : List.of("first-mail", "second-mail", "third-mail")) {
      assertThat(lines.stream().filter(l -> l.contains(subject))).as(subject).hasSize(1);
    }
  }

  @Test
  void check3TheHumanAnswersAnEscalationAndTheAgentGetsTheAnswerByMail() {
    JsonNode alice = agent("ui-check3", "alice-dev", "developer");
    Resp created = server.post("/v1/escalations", Map.of("workspace_id", alice.get("workspace_id").asText(),
        "alias", "alice-dev", "subject", "Drop the old API?", "situation", "Clients still call v1.",
        "options", List.of("yes", "no")), key(alice));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    String id = created.get("escalation_id").asText();

    browser.signIn(key(alice), "/escalations");
    signedInAsHuman();
    browser.find("tr[data-escalation='" + id + "'] a").click();
    WebElement yes = browser.find("input[name=choice][value='yes']");
    yes.click();
    browser.find("textarea[name=note]").sendKeys("v1 traffic is under 1%");
    browser.find("form button[type=submit]").click();
    browser.find("[data-status='responded']");

    Resp detail = server.get("/v1/escalations/" + id, key(alice));
    assertThat(detail.get("status").asText()).isEqualTo("responded");
    assertThat(detail.get("response").asText()).isEqualTo("yes");
    assertThat(detail.get("response_note").asText()).isEqualTo("v1 traffic is under 1%");
    Resp inbox = server.get("/v1/messages/inbox", key(alice));
    assertThat(inbox.text()).contains("yes").contains("v1 traffic is under 1%");
    assertThat(inbox.get("messages").get(0).get("from_alias").asText()).isEqualTo(HUMAN_ALIAS);
  }

  @Test
  void check4TheHumansChatReplyArrivesOnTheAgentsChatStream() {
    JsonNode alice = agent("ui-check4", "alice-dev", "developer");
    browser.signIn(key(alice), "/chat");
    signedInAsHuman();
    Resp started = server.post("/v1/chat/sessions", Map.of("to_aliases", List.of(HUMAN_ALIAS),
        "message", "May I drop table users_old?"), key(alice));
    assertThat(started.status()).as(started.toString()).isEqualTo(200);
    String session = started.get("session_id").asText();
    String deadline = Instant.now().plusSeconds(60).toString();
    try (SseClient stream = SseClient.open(server.base(), "/v1/chat/sessions/" + session + "/stream?deadline="
        + deadline, key(alice))) {
      assertThat(stream.status()).isEqualTo(200);
      browser.find("li[data-session='" + session + "'] a").click();
      browser.findWithText(".messages li", "May I drop table users_old?");
      browser.find("textarea[name=body]").sendKeys("Yes, after the backup finishes.");
      browser.find("form button[type=submit]").click();
      String line = stream.await(l -> l.contains("Yes, after the backup finishes."), Duration.ofSeconds(10));
      assertThat(line).as("the reply on the agent's stream").isNotNull().contains(HUMAN_ALIAS);
    }
    browser.findWithText(".messages li.mine", "Yes, after the backup finishes.");
    // the reply went out on alice's open stream: seen; replying marked alice's question read by the human
    browser.await(() -> server.get("/v1/chat/admin/sessions/" + session + "/messages", key(alice)).get("messages")
        .get(1).get("delivery").get(0).get("state").asText().equals("seen"), "the streamed reply to count as seen");
    browser.driver().get(server.base() + "/chat/" + session);
    browser.find(".messages li.mine [data-delivery] [data-alias='alice-dev'][data-state='seen']");
    browser.find(".messages li:not(.mine) [data-delivery] [data-alias='" + HUMAN_ALIAS + "'][data-state='seen']");
  }

  @Test
  void theMailPageListsSentMailWithItsDeliveryState() {
    JsonNode alice = agent("ui-sent", "alice-dev", "developer");
    browser.signIn(key(alice), "/mail");
    signedInAsHuman();
    browser.find("input[name=to]").sendKeys("alice-dev");
    browser.find("input[name=subject]").sendKeys("Deploy window");
    browser.find("textarea[name=body]").sendKeys("Friday 10:00?");
    browser.find("form button[type=submit]").click();
    browser.findWithText(".notice", "Sent to alice-dev.");
    browser.driver().get(server.base() + "/mail");
    browser.findWithText(".sent li", "alice-dev: Deploy window");
    browser.find(".sent li [data-alias='alice-dev'][data-state='stored']");
    JsonNode inbox = server.get("/v1/messages/inbox", key(alice)).get("messages").get(0);
    assertThat(server.post("/v1/messages/" + inbox.get("message_id").asText() + "/ack", Map.of(), key(alice))
        .status()).isEqualTo(200);
    browser.find(".sent li [data-alias='alice-dev'][data-state='acked']");
  }

  @Test
  void check5APolicyEditMakesVersionNPlus1AndAnEditFromAnOlderPageConflictsWithoutOverwriting() {
    JsonNode alice = agent("ui-check5", "alice-dev", "developer");
    int before = server.get("/v1/policies/active", key(alice)).get("version").asInt();
    browser.signIn(key(alice), "/policies");
    signedInAsHuman();
    browser.findWithText("h1", "Policy version " + before);
    String first = browser.driver().getWindowHandle();
    browser.driver().switchTo().newWindow(WindowType.TAB);
    browser.driver().get(server.base() + "/policies");
    browser.findWithText("h1", "Policy version " + before);
    String second = browser.driver().getWindowHandle();

    browser.driver().switchTo().window(first);
    browser.findWithText("button", "Edit").click();
    WebElement box = browser.find("textarea[name='role-developer']");
    box.sendKeys("\nFirst edit: run the linter.");
    browser.findWithText("button", "Save as new version").click();
    browser.findWithText("h1", "Policy version " + (before + 1));
    JsonNode active = server.get("/v1/policies/active", key(alice)).json();
    assertThat(active.get("version").asInt()).isEqualTo(before + 1);
    assertThat(active.get("roles").get("developer").get("playbook_md").asText()).contains("First edit");

    browser.driver().switchTo().window(second);
    browser.findWithText("button", "Edit").click();
    browser.find("textarea[name='role-developer']").sendKeys("\nSecond edit: skip the linter.");
    browser.findWithText("button", "Save as new version").click();
    browser.findWithText("[role=status]", "changed since you opened it");
    JsonNode after = server.get("/v1/policies/active", key(alice)).json();
    assertThat(after.get("version").asInt()).isEqualTo(before + 1);
    assertThat(after.get("roles").get("developer").get("playbook_md").asText())
        .contains("First edit").doesNotContain("Second edit");
    assertThat(server.get("/v1/policies/history", key(alice)).get("policies")).hasSize(before + 1);
    browser.driver().close();
    browser.driver().switchTo().window(first);
  }

  @Test
  void check6TheRealTrackerExportShows99ReadyAnd14BlockedWithReasons() throws Exception {
    JsonNode alice = agent("ui-check6", "alice-dev", "developer");
    String jsonl = Beads.text("beads-tracker-v0.49.6.jsonl");
    Map<String, Object> sync = new LinkedHashMap<>();
    sync.put("workspace_id", alice.get("workspace_id").asText());
    sync.put("alias", "alice-dev");
    sync.put("repo_origin", "git@github.com:acme/ui-check6.git");
    sync.put("sync_mode", "full");
    sync.put("issues_jsonl", jsonl);
    Resp synced = server.post("/v1/bdh/sync", sync, key(alice));
    assertThat(synced.status()).as(synced.toString()).isEqualTo(200);

    browser.signIn(key(alice), "/beads?tab=ready");
    assertThat(browser.text("a[data-tab='ready']")).isEqualTo("Ready (99)");
    assertThat(browser.text("a[data-tab='blocked']")).isEqualTo("Blocked (14)");
    browser.await(() -> browser.all("tr[data-bead]").size() == 99, "99 ready rows");
    browser.find("a[data-tab='blocked']").click();
    browser.await(() -> browser.all("tr[data-bead]").size() == 14, "14 blocked rows");
    String bvec = browser.text("tr[data-bead='bd-bvec']");
    assertThat(bvec).contains("blocked by bd-thgk (");
    browser.find("tr[data-bead='bd-bvec'] a").click();
    assertThat(browser.findWithText("dl.record", "Why blocked").getText()).contains("blocked by bd-thgk (");
    assertThat(browser.js("return location.pathname")).isEqualTo("/beads/bd-bvec");
    browser.driver().navigate().refresh();
    browser.findWithText("h1", "bd-bvec");
  }

  @Test
  void check7AnAgentWrittenTitleIsShownAsTextAndRunsNoScript() {
    JsonNode alice = agent("ui-check7", "alice-dev", "developer");
    String title = "<img src=x onerror=window.__pwned=1>";
    String record = io.beadhub.common.Json.string(Map.of("id", "xss-1", "title", title, "status", "open",
        "priority", 1, "issue_type", "bug", "created_at", "2026-11-23T09:00:00Z", "updated_at", "2026-11-23T09:00:00Z"));
    Map<String, Object> sync = new LinkedHashMap<>();
    sync.put("workspace_id", alice.get("workspace_id").asText());
    sync.put("alias", "alice-dev");
    sync.put("repo_origin", "git@github.com:acme/ui-check7.git");
    sync.put("sync_mode", "full");
    sync.put("issues_jsonl", record + "\n");
    assertThat(server.post("/v1/bdh/sync", sync, key(alice)).status()).isEqualTo(200);

    browser.signIn(key(alice), "/beads");
    assertThat(browser.text("tr[data-bead='xss-1']")).contains(title);
    browser.find("tr[data-bead='xss-1'] a").click();
    browser.findWithText("h1", title);
    assertThat(browser.all("img")).isEmpty();
    assertThat(browser.js("return typeof window.__pwned")).isEqualTo("undefined");
  }

  @Test
  void check8WithoutAKeyTheSignInScreenShowsAndARevokedKeyReturnsToItWithTheReason() {
    browser.open("/");
    browser.js("localStorage.clear(); sessionStorage.clear()");
    browser.open("/status");
    browser.find("form.signin");
    assertThat(browser.all("header")).isEmpty();

    JsonNode alice = agent("ui-check8", "alice-dev", "developer");
    JsonNode bob = agent("ui-check8", "bob-rev", "reviewer");
    browser.find("input[name=key]").sendKeys(key(bob));
    browser.find("form.signin button").click();
    browser.find("tr[data-alias='alice-dev']");
    Resp deleted = server.delete("/v1/workspaces/" + bob.get("workspace_id").asText(), key(alice));
    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
    assertThat(server.get("/v1/auth/introspect", key(bob)).status()).isEqualTo(401);

    browser.find("nav a[href='/workspaces']").click();
    WebElement reason = browser.find("form.signin [role=alert]");
    assertThat(reason.getText()).contains("refused");
    assertThat(browser.js("return localStorage.getItem('beadhub.key')")).isNull();
  }

  @Test
  void check9ThePageCarriesTheCspAndNoRequestLeavesTheServersOrigin() {
    Resp page = server.get("/", null);
    assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'");

    JsonNode alice = agent("ui-check9", "alice-dev", "developer");
    agent("ui-check9", "bob-rev", "reviewer");
    mail(alice, "bob-rev", "hello");
    browser.signIn(key(alice), "/");
    browser.find("tr[data-alias='bob-rev']");
    for (String nav : List.of("beads", "workspaces", "claims", "mail", "chat", "escalations", "policies", "status")) {
      browser.find("nav a[data-page='" + nav + "']").click();
      browser.await(() -> browser.all("main .loading").isEmpty() && !browser.all("main h1").isEmpty(), nav + " loaded");
    }
    @SuppressWarnings("unchecked")
    List<String> urls = (List<String>) browser.js(
        "return [location.href].concat(performance.getEntriesByType('resource').map(e => e.name))");
    assertThat(urls).hasSizeGreaterThan(10);
    assertThat(urls).allSatisfy(u -> assertThat(u).startsWith(server.base() + "/"));
    assertThat(browser.all(".state.error")).isEmpty();
  }

  @Test
  void firstLoadSizeAndTimeToStatusAreMeasured() {
    JsonNode alice = agent("ui-figures", "alice-dev", "developer");
    browser.signIn(key(alice), "/");
    browser.find("tr[data-alias='alice-dev']");
    Number bytes = (Number) browser.js("return performance.getEntriesByType('resource')"
        + ".filter(e => /\\.(js|css)$/.test(new URL(e.name).pathname)).reduce((n, e) => n + e.encodedBodySize, 0)");
    Number shown = (Number) browser.js(
        "const m = performance.getEntriesByName('beadhub:page-shown'); return m.length ? m[0].startTime : -1");
    Figures.record("first load: JS+CSS bytes transferred (gzip)", bytes.longValue());
    Figures.record("first load: Status page shown after (ms, from navigation start)", shown.longValue());
    assertThat(bytes.longValue()).isBetween(1L, 150L * 1024);
    assertThat(shown.longValue()).isPositive();
    Set<String> types = new HashSet<>();
    for (Object o : (List<?>) browser.js("return performance.getEntriesByType('resource').map(e => e.name)")) {
      types.add(o.toString().replaceAll(".*\\.", ""));
    }
    assertThat(types).contains("js", "css");
  }
}
