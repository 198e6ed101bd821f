package io.beadhub.repos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.beadhub.testing.Resp;
import io.beadhub.testing.TestServer;
import io.beadhub.testing.TwoProjects;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cursors of the repo and workspace listings (spec 30 §0.4, §2.4, §3.3), walked over HTTP. */
class PageCursorTest {
  static TestServer s;

  @BeforeAll
  static void start() {
    s = TestServer.start();
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  static String cursor(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static List<String> field(Resp r, String list, String name) {
    List<String> out = new ArrayList<>();
    r.get(list).forEach(item -> out.add(item.path(name).asText()));
    return out;
  }

  /** Project P of {@code w} with two more repos: three in creation order. */
  static List<String> threeRepos(TwoProjects w) {
    for (String name : List.of("second", "third")) {
      String origin = "git@github.com:acme/" + name + "-" + w.suffix() + ".git";
      assertThat(s.post("/v1/repos/ensure", Map.of("project_id", w.pId(), "origin_url", origin), w.ka()).status())
          .isEqualTo(200);
    }
    return field(s.get("/v1/repos", w.ka()), "repos", "id");
  }

  @Test
  void repoPagesOfOneWalkEveryRepoInCreationOrder() {
    TwoProjects w = TwoProjects.workspaces(s);
    List<String> all = threeRepos(w);
    assertThat(all).hasSize(3);
    List<String> walked = new ArrayList<>();
    List<Boolean> more = new ArrayList<>();
    String next = null;
    for (int pages = 0; pages == 0 || (next != null && pages < 4); pages++) {
      Resp page = s.get("/v1/repos?limit=1" + (next == null ? "" : "&cursor=" + next), w.ka());
      assertThat(page.status()).isEqualTo(200);
      walked.addAll(field(page, "repos", "id"));
      more.add(page.get("has_more").asBoolean());
      next = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
    }
    assertThat(walked).isEqualTo(all);
    assertThat(more).containsExactly(true, true, false);
  }

  @Test
  void aRepoCursorWithOnlyATimeStartsAfterThatTime() {
    TwoProjects w = TwoProjects.workspaces(s);
    List<String> all = threeRepos(w);
    JsonNode first = s.get("/v1/repos?limit=1", w.ka()).get("repos").get(0);
    String after = cursor("{\"created_at\":\"" + first.path("created_at").asText() + "\"}");
    Resp rest = s.get("/v1/repos?cursor=" + after, w.ka());
    assertThat(field(rest, "repos", "id")).isEqualTo(all.subList(1, 3));
  }

  @Test
  void aRepoCursorWithABadTimeIs422() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp r = s.get("/v1/repos?cursor=" + cursor("{\"created_at\":\"yesterday\"}"), w.ka());
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.detail()).isEqualTo("Invalid cursor: bad created_at");
  }

  @Test
  void aWorkspaceCursorWithOnlyATimeStartsBeforeThatTime() {
    TwoProjects w = TwoProjects.workspaces(s);
    Resp all = s.get("/v1/workspaces", w.ka());
    List<String> ids = field(all, "workspaces", "workspace_id");
    assertThat(ids).hasSize(2);
    JsonNode newest = s.sql().withHandle(h -> h.createQuery(
            "SELECT json_build_object('t', updated_at)::text FROM server.workspaces WHERE workspace_id = CAST(:id AS uuid)")
        .bind("id", ids.get(0)).mapTo(String.class).one()).transform(io.beadhub.common.Json::tree);
    String after = cursor("{\"updated_at\":\"" + newest.path("t").asText() + "\"}");
    assertThat(field(s.get("/v1/workspaces?cursor=" + after, w.ka()), "workspaces", "workspace_id"))
        .containsExactly(ids.get(1));
  }

  @Test
  void aWorkspaceCursorWithABadIdIs422() {
    TwoProjects w = TwoProjects.workspaces(s);
    String bad = cursor("{\"updated_at\":\"2026-01-01T00:00:00Z\",\"workspace_id\":\"nope\"}");
    Resp r = s.get("/v1/workspaces?cursor=" + bad, w.ka());
    assertThat(r.status()).isEqualTo(422);
    assertThat(r.detail()).isEqualTo("Invalid cursor: bad workspace_id");
  }
}
