package io.beadhub.escalations;

import io.beadhub.common.Times;
import java.util.List;
import java.util.UUID;

/**
 * The response shapes of the escalation routes (spec 50 §4), shared by {@code /v1/escalations} and the MCP
 * tools ({@code escalate}, {@code get_escalation}, {@code respond_escalation}).
 */
public final class EscalationViews {
  public record Created(UUID escalationId, String status, String createdAt, String expiresAt) {
  }

  public record Detail(UUID escalationId, UUID workspaceId, String alias, String memberEmail, String subject,
                       String situation, List<String> options, String status, String response, String responseNote,
                       String createdAt, String respondedAt, String expiresAt) {
  }

  public record Responded(UUID escalationId, String status, String response, String responseNote,
                          String respondedAt) {
  }

  private EscalationViews() {
  }

  public static Created created(Escalation e) {
    return new Created(e.id(), e.status(), Times.isoOffset(e.createdAt()), Times.isoOffset(e.expiresAt()));
  }

  /** A public reader never sees the member's email (spec 10 §5.8). */
  public static Detail detail(Escalation e, boolean publicReader) {
    return new Detail(e.id(), e.workspaceId(), e.alias(), publicReader ? null : e.memberEmail(), e.subject(),
        e.situation(), e.options(), e.status(), e.response(), e.responseNote(), Times.isoOffset(e.createdAt()),
        Times.isoOffset(e.respondedAt()), Times.isoOffset(e.expiresAt()));
  }

  public static Responded responded(Escalation e) {
    return new Responded(e.id(), e.status(), e.response(), e.responseNote(), Times.isoOffset(e.respondedAt()));
  }
}
