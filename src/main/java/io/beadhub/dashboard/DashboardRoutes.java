package io.beadhub.dashboard;

import io.beadhub.common.Access;
import io.beadhub.common.Uuids;
import io.beadhub.http.Body;
import io.beadhub.http.Req;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import io.beadhub.messaging.AliasRules;
import io.beadhub.names.Names;
import java.util.Locale;
import java.util.UUID;

/**
 * The dashboard (spec 80): its own API routes (config, the human's identity, the project-wide chat
 * view) and the page with its assets. Register last: the page answers every GET no API route owns.
 */
public final class DashboardRoutes {
  static final String ALIAS_PREFIX = "dashboard-";

  record ConfigResponse(String humanName) {
  }

  private DashboardRoutes() {
  }

  public static void register(Router r, DashboardService service, DashboardAssets assets, String humanName) {
    r.get("/v1/dashboard/config", Access.NONE, req -> new ConfigResponse(humanName)).returns(ConfigResponse.class);
    r.post("/v1/dashboard/identity", Access.PROJECT, req -> {
      Body b = req.body();
      String human = b.requiredStr("human_name", 1, 64).trim();
      if (!Names.isHumanName(human)) {
        throw ValidationError.body("human_name", "Invalid human_name format", human);
      }
      String alias = b.str("alias", 64);
      alias = alias == null || alias.isBlank() ? defaultAlias(human) : AliasRules.check("alias", alias.trim());
      return service.identity(req.caller(), human, alias);
    }).returns(DashboardService.Identity.class).accepts(DashboardRequests.Identity.class);
    r.get("/v1/chat/admin/sessions", Access.PROJECT, req -> {
      int limit = req.query().integer("limit", 50, 1, 200);
      SessionCursor cursor = SessionCursor.decode(req.query().str("cursor"));
      return service.sessions(req.caller(), cursor, limit);
    }).returns(DashboardService.Sessions.class);
    r.get("/v1/chat/admin/sessions/{session_id}/messages", Access.PROJECT, req -> {
      UUID session = session(req);
      int limit = req.query().integer("limit", 200, 1, 2000);
      return service.messages(req.caller(), session, limit);
    }).returns(DashboardService.Messages.class);
    r.post("/v1/chat/admin/sessions/{session_id}/join", Access.ACTOR, req -> {
      UUID session = session(req);
      Body b = req.body();
      String raw = b.requiredStr("workspace_id");
      UUID workspace = Uuids.parse(raw)
          .orElseThrow(() -> ValidationError.body("workspace_id", "Invalid workspace_id format", raw));
      String alias = AliasRules.check("alias", b.requiredStr("alias", 1, 64).trim());
      return service.join(req.caller(), session, workspace, alias);
    }).returns(DashboardService.Joined.class).accepts(DashboardRequests.Join.class);
    r.get("/v1/dashboard/attention", Access.PROJECT, req -> service.attention(req.caller()))
        .returns(DashboardService.Attention.class);
    DashboardPage.register(r, assets);
  }

  /** {@code dashboard-<human_name>} in the alias alphabet: lower case, runs of other characters as one dash. */
  static String defaultAlias(String humanName) {
    String slug = humanName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "-").replaceAll("^-+|-+$", "");
    String alias = ALIAS_PREFIX + (slug.isEmpty() ? "human" : slug);
    return alias.length() > 64 ? alias.substring(0, 64).replaceAll("-+$", "") : alias;
  }

  private static UUID session(Req req) {
    return req.pathUuidPlain("session_id", "Invalid id format");
  }
}
