package io.beadhub.sync;

import io.beadhub.auth.ActorBinding;
import io.beadhub.beads.BeadsStore;
import io.beadhub.beads.Formats;
import io.beadhub.claims.ClaimStore;
import io.beadhub.claims.Claims;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.db.Batch;
import io.beadhub.db.Database;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.repos.GitUrl;
import io.beadhub.workspaces.WorkspaceAccess;
import io.beadhub.workspaces.WorkspaceRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Claiming and releasing one bead outside a sync (MCP {@code claim_issue} / {@code release_issue}, spec 90
 * §2). A claim follows the pre-flight's conflict rule (another workspace holds the bead: refused with the
 * pre-flight's reason, naming the holder) and is then the active claim a sync's claim command makes. A
 * release drops only the caller's own claim; another's claim refuses it the same way.
 */
public record BeadClaimService(Database db, Claims claims, EventBus bus, Clock clock) {
  static final String RELEASED = "released";

  public record Claimed(String beadId, String repo, UUID workspaceId, String alias, String state) {
  }

  public record Released(String beadId, String repo, boolean released) {
  }

  /** The caller's live workspace, the repo the bead is in, the project's slug. */
  private record Target(WorkspaceRow workspace, String repo, String slug) {
  }

  /** What a claim or release does in its transaction, given its target; the events go out after the commit. */
  private interface Work<T> {
    T apply(Handle h, Target t, Instant now, List<Event> events);
  }

  private <T> T inTransaction(Caller c, UUID workspaceId, String repoOrigin, Work<T> work) {
    ActorBinding.check(c, workspaceId);
    List<Event> events = new ArrayList<>();
    T out = db.tx(h -> work.apply(h, target(h, c, workspaceId, repoOrigin), clock.instant(), events));
    bus.publish(events);
    return out;
  }

  /** {@code repoOrigin} null: the repo the workspace is registered with. */
  public Claimed claim(Caller c, UUID workspaceId, String repoOrigin, String beadId) {
    return inTransaction(c, workspaceId, repoOrigin, (h, t, now, events) -> {
      boolean exists = BeadsStore.byBeadId(h, c.projectId(), beadId, t.repo(), null, now).stream()
          .anyMatch(r -> r.deletedAt() == null);
      if (!exists) {
        throw ApiError.notFound("Issue not found: " + beadId + " in " + t.repo());
      }
      WorkspaceRow w = t.workspace();
      Claims.conflict(holding(h, c, t.repo(), beadId, now), w.workspaceId(), List.of(beadId)).ifPresent(reason -> {
        throw ApiError.conflict(reason);
      });
      events.addAll(claims.claim(h, c.projectId(), t.slug(), t.repo(),
          new Claims.Holder(w.workspaceId(), w.alias(), w.humanName()), List.of(beadId), now));
      return new Claimed(beadId, t.repo(), w.workspaceId(), w.alias(), "active");
    });
  }

  /** Idempotent: {@code released} false when nobody held the bead. */
  public Released release(Caller c, UUID workspaceId, String repoOrigin, String beadId) {
    return inTransaction(c, workspaceId, repoOrigin, (h, t, now, events) -> {
      UUID me = t.workspace().workspaceId();
      List<ClaimStore.Claim> held = holding(h, c, t.repo(), beadId, now);
      if (held.stream().noneMatch(x -> x.workspaceId().equals(me))) {
        Claims.conflict(held, me, List.of(beadId)).ifPresent(reason -> {
          throw ApiError.conflict(reason);
        });
        return new Released(beadId, t.repo(), false);
      }
      events.addAll(claims.releaseOwn(h, c.projectId(), t.slug(), t.repo(), me, List.of(beadId), RELEASED, now));
      return new Released(beadId, t.repo(), true);
    });
  }

  private static Target target(Handle h, Caller c, UUID workspaceId, String repoOrigin) {
    String asked = repoOrigin == null ? null : canonical(repoOrigin);
    SyncStore.Checked k = SyncStore.check(h, workspaceId, c.projectId(), asked, SyncService.BRANCH)
        .filter(x -> x.workspace().projectId().equals(c.projectId())).orElse(null);
    WorkspaceRow w = WorkspaceAccess.live(c, Optional.ofNullable(k).map(SyncStore.Checked::workspace));
    String repo = asked != null ? asked : k.registeredOrigin();
    if (repo == null) {
      throw ApiError.unprocessable("repo is required: the workspace has no registered repo");
    }
    return new Target(w, repo, k.slug());
  }

  /** The claims on the bead, read under its claim lock (the pre-flight's and the sync's order). */
  private static List<ClaimStore.Claim> holding(Handle h, Caller c, String repo, String beadId, Instant now) {
    Batch b = new Batch();
    ClaimStore.lock(b, c.projectId(), repo, List.of(beadId));
    Batch.Result<ClaimStore.Claim> held = ClaimStore.holding(b, c.projectId(), repo, List.of(beadId), now);
    b.run(h);
    return held.list();
  }

  /** A canonical origin as the beads store it, or a git URL (as bdh sends) made canonical. */
  private static String canonical(String origin) {
    if (Formats.isRepo(origin)) {
      return origin;
    }
    try {
      return GitUrl.canonicalize(origin);
    } catch (GitUrl.Invalid e) {
      throw ApiError.unprocessable("Invalid repo: " + origin);
    }
  }
}
