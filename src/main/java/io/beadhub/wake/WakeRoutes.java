package io.beadhub.wake;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.beadhub.common.Access;
import io.beadhub.http.Body;
import io.beadhub.http.Reply;
import io.beadhub.http.Router;
import io.beadhub.http.ValidationError;
import io.beadhub.status.StatusStream;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** {@code /v1/agents/me/wake} and {@code GET /v1/agents/me/events} (docs/delivery.md). */
public final class WakeRoutes {
  static final int MAX_URL = 2048;

  private WakeRoutes() {
  }

  /** The body of {@code PUT /v1/agents/me/wake}. */
  public record WakeChannel(@JsonProperty(required = true) String webhookUrl,
                            @JsonProperty(required = true) String secret) {
  }

  public static void register(Router r, WakeService s, StatusStream stream, AgentStreams streams) {
    r.put("/v1/agents/me/wake", Access.ACTOR, req -> {
      Body b = req.body();
      return s.put(req.caller(), url(b), b.requiredStr("secret", 16, 256));
    }).returns(WakeService.Wake.class).accepts(WakeChannel.class);
    r.get("/v1/agents/me/wake", Access.ACTOR, req -> s.get(req.caller())).returns(WakeService.Wake.class);
    r.delete("/v1/agents/me/wake", Access.ACTOR, req -> {
      s.delete(req.caller());
      return Reply.of(204, null);
    });
    r.get("/v1/agents/me/events", Access.ACTOR, req -> {
      UUID me = s.me(req.caller());
      Long last = lastEventId(req.ctx().header("Last-Event-ID"));
      try (AutoCloseable streaming = streams.open(req.caller().projectId(), me)) {
        stream.serve(req.ctx(), new StatusStream.Subscription(req.caller().projectId(), List.of(me), null, last),
            new StatusStream.Sent("message", json -> s.streamed(req.caller().projectId(), me, json)));
      }
      return Reply.HANDLED;
    }).stream("agent");
  }

  private static String url(Body b) {
    String raw = b.requiredStr("webhook_url", 1, MAX_URL).trim();
    try {
      URI u = new URI(raw);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null && u.getUserInfo() == null) {
        return raw;
      }
    } catch (java.net.URISyntaxException e) {
      // answered below, as any other unusable URL
    }
    throw ValidationError.body("webhook_url", "webhook_url must be an http or https URL with a host", raw);
  }

  private static Long lastEventId(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      long n = Long.parseLong(raw.trim());
      return n < 0 ? null : n;
    } catch (NumberFormatException e) {
      throw ValidationError.of("int_parsing", List.of("header", "Last-Event-ID"),
          "Last-Event-ID must be an event id", raw);
    }
  }
}
