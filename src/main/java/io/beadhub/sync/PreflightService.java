package io.beadhub.sync;

import io.beadhub.auth.ActorBinding;
import io.beadhub.claims.ClaimStore;
import io.beadhub.claims.Claims;
import io.beadhub.claims.CommandLine;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Batch;
import io.beadhub.db.Database;
import io.beadhub.mail.MailStore;
import io.beadhub.workspaces.LastSeenWriter;
import io.beadhub.workspaces.WorkspaceRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Handle;

/**
 * The pre-flight {@code POST /v1/bdh/command} (spec 40 §3). A command that claims nothing is one round
 * trip that writes nothing: the workspace check, the repo's claims with their titles and the unread
 * count go in one batch. A claiming command is one transaction of one batch more: the claim locks, then
 * the claims read and the pending claims written in one statement ({@link ClaimStore#claimPending}). The
 * workspace's {@code last_seen_at} goes to the {@link LastSeenWriter}; expired pending claims are
 * skipped by the reads and removed by {@link io.beadhub.claims.PendingClaimSweeper}.
 */
public record PreflightService(Database db, LastSeenWriter lastSeen, Clock clock) {
  static final int IN_PROGRESS_LIMIT = 200;

  public record InProgress(String beadId, String workspaceId, String alias, String humanName, String startedAt,
                           String title, String role, String repo) {
  }

  public record Context(int messagesWaiting, List<InProgress> beadsInProgress) {
  }

  public record PreflightResponse(boolean approved, String reason, Context context) {
  }

  /** What the batch read: the workspace check, the claims on the claimed beads, the repo's claims, the unread count. */
  private record Read(Batch.Result<SyncStore.Checked> checked, Batch.Result<ClaimStore.Claim> held,
                      Batch.Result<ClaimStore.Titled> inProgress, Batch.Result<Integer> unread) {
  }

  public PreflightResponse preflight(Caller c, BdhRequest r) {
    ActorBinding.check(c, r.workspaceId());
    String repo = SyncService.canonical(r.repoOrigin());
    List<String> claiming = SyncService.claiming(CommandLine.parse(r.commandLine()));
    Instant now = clock.instant();
    PreflightResponse out = claiming.isEmpty()
        ? db.read(h -> answer(h, c, r, repo, claiming, now))
        : db.tx(h -> answer(h, c, r, repo, claiming, now));
    lastSeen.seen(r.workspaceId(), c.projectId(), now);
    return out;
  }

  private static PreflightResponse answer(Handle h, Caller c, BdhRequest r, String repo, List<String> claiming,
                                          Instant now) {
    Batch b = new Batch();
    Batch.Result<SyncStore.Checked> checked = SyncStore.check(b, r.workspaceId(), c.projectId(), repo,
        SyncService.BRANCH);
    Batch.Result<ClaimStore.Claim> held = null;
    if (!claiming.isEmpty()) {
      ClaimStore.lock(b, c.projectId(), repo, claiming);
      held = ClaimStore.claimPending(b, c.projectId(), repo, r.workspaceId(), r.humanName(), claiming,
          now.plusSeconds(Claims.PENDING_SECONDS), now);
    }
    Read read = new Read(checked, held, ClaimStore.inProgress(b, c.projectId(), repo, now, IN_PROGRESS_LIMIT),
        MailStore.unreadCount(b, c.projectId(), r.workspaceId()));
    b.run(h);
    WorkspaceRow w = SyncService.verify(c, repo, false, read.checked().findOne()).workspace();
    if (renames(w, r)) {
      Batch touch = new Batch();
      SyncStore.touch(touch, r, c.projectId(), now);
      touch.run(h);
    }
    String reason = read.held() == null ? ""
        : Claims.conflict(read.held().list(), w.workspaceId(), claiming).orElse("");
    List<InProgress> list = new ArrayList<>();
    for (ClaimStore.Titled t : read.inProgress().list()) {
      ClaimStore.Claim x = t.claim();
      list.add(new InProgress(x.beadId(), x.workspaceId().toString(), x.alias(), x.humanName(),
          Times.isoOffset(x.claimedAt()), t.title(), x.role(), repo));
    }
    return new PreflightResponse(reason.isEmpty(), reason, new Context(read.unread().one(), list));
  }

  /** Whether the request changes the workspace's stored names (spec 40 §2.1): written at once, not deferred. */
  private static boolean renames(WorkspaceRow w, BdhRequest r) {
    return r.humanName() != null && !r.humanName().equals(w.humanName())
        || r.role() != null && !Objects.equals(r.role(), w.role());
  }
}
