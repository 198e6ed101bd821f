package io.beadhub.sync;

import io.beadhub.auth.ActorBinding;
import io.beadhub.beads.Ingest;
import io.beadhub.beads.JsonRecords;
import io.beadhub.beads.RecordValidator;
import io.beadhub.beads.Rejection;
import io.beadhub.beads.ValidatedLines;
import io.beadhub.claims.Claims;
import io.beadhub.claims.CommandLine;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.events.Event;
import io.beadhub.events.EventBus;
import io.beadhub.notifications.OutboxSignal;
import io.beadhub.repos.GitUrl;
import io.beadhub.workspaces.WorkspaceAccess;
import io.beadhub.workspaces.WorkspaceRow;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** {@code POST /v1/bdh/sync} (spec 40 §2); the pre-flight is {@link PreflightService}. */
public final class SyncService {
  public static final String BRANCH = "main";

  public record Stats(int received, int inserted, int updated, int deleted, int unchanged, int conflicts,
                      int tombstoned, int rejected, int keptAbsent) {
  }

  public record SyncResponse(boolean synced, int issuesCount, Object context, Stats stats, int syncProtocolVersion,
                             boolean claimRejected, String claimRejectedReason, List<String> conflicts,
                             List<Rejection> rejected, String syncedAt) {
  }

  private final Database db;
  private final Claims claims;
  private final EventBus bus;
  private final OutboxSignal outbox;
  private final Clock clock;

  private final io.beadhub.dataplane.BeadWriteHook writeHook;
  /** The lines of each repo's last full sync, validated (an identical re-sync skips their parsing). */
  private final ValidatedLines lines = new ValidatedLines();

  public SyncService(Database db, Claims claims, EventBus bus, OutboxSignal outbox, Clock clock,
                     io.beadhub.dataplane.BeadWriteHook writeHook) {
    this.writeHook = writeHook;
    this.db = db;
    this.claims = claims;
    this.bus = bus;
    this.outbox = outbox;
    this.clock = clock;
  }

  static String canonical(String origin) {
    try {
      return GitUrl.canonicalize(origin);
    } catch (GitUrl.Invalid e) {
      throw ApiError.unprocessable("Invalid repo_origin");
    }
  }

  /**
   * Steps 2–3 of §2.2: the live workspace in the caller's project and its repo; with {@code baseline},
   * the full-sync baseline an incremental sync needs.
   */
  private static SyncStore.Checked check(Handle h, Caller c, BdhRequest r, String repo, boolean baseline) {
    return verify(c, repo, baseline, SyncStore.check(h, r.workspaceId(), c.projectId(), repo, BRANCH));
  }

  static SyncStore.Checked verify(Caller c, String repo, boolean baseline,
                                          Optional<SyncStore.Checked> found) {
    WorkspaceAccess.live(c, found.map(SyncStore.Checked::workspace));
    SyncStore.Checked k = found.get();
    if (k.workspace().repoId() != null && k.registeredOrigin() != null && !k.registeredOrigin().equals(repo)) {
      throw ApiError.badRequest("Repo mismatch: workspace is registered with a different repository. "
          + "This may indicate a corrupted .beadhub file. Run 'bdh :init' again.");
    }
    if (baseline && !k.baseline()) {
      throw ApiError.conflict("Full sync required: no baseline for repo " + repo);
    }
    return k;
  }

  /** What a sync's transaction produced: the ingest, every event to publish, the repo's live count. */
  private record Synced(SyncStatements.Applied applied, List<Event> events, String claimRejectedReason, Instant at) {
  }

  public SyncResponse sync(Caller c, BdhRequest r) {
    ActorBinding.check(c, r.workspaceId());
    String repo = canonical(r.repoOrigin());
    RecordValidator.Result records;
    CommandLine cmd;
    try {
      String text = r.full() ? r.issuesJsonl() : r.changedIssues();
      ValidatedLines.Known known = r.full() ? lines.of(c.projectId(), repo, BRANCH) : ValidatedLines.NONE;
      List<JsonRecords.Parsed> parsed = text == null ? List.of() : JsonRecords.parseJsonl(text, known);
      records = RecordValidator.validate(parsed, BRANCH);
      if (r.full()) {
        lines.put(c.projectId(), repo, BRANCH, records.records());
      }
      cmd = CommandLine.parse(r.commandLine());
    } catch (RuntimeException e) {
      // The workspace and baseline checks come first (§2.2): their error wins over the payload's.
      db.read(h -> check(h, c, r, repo, !r.full()));
      throw e;
    }
    Synced done = db.tx(h -> {
      Instant now = clock.instant();
      Ingest.Mode mode = r.full() ? Ingest.Mode.FULL : Ingest.Mode.INCREMENTAL;
      List<String> claiming = claiming(cmd);
      SyncStatements.Opened opened = SyncStatements.open(h, r, c.projectId(), repo, BRANCH, claiming,
          new SyncStatements.Ingesting(writeHook, Ingest.touched(mode, records, r.deletedIds())), now);
      SyncStore.Checked checked = verify(c, repo, !r.full(), opened.checked().findOne());
      WorkspaceRow w = checked.workspace();
      String slug = checked.slug();
      Set<String> closedBy = cmd.command() != null && cmd.command().equals("close") ? Set.copyOf(cmd.ids())
          : Set.of();
      Ingest.Request req = new Ingest.Request(c.projectId(), slug, repo, BRANCH, w.workspaceId(), w.workspaceId(),
          w.alias(), mode, records, r.deletedIds(), closedBy);
      String claimReason = Claims.conflict(opened.held(), w.workspaceId(), claiming).orElse("");
      SyncStatements.Applied applied = SyncStatements.apply(h, claims, writeHook, req, now, opened.reads(),
          s -> new SyncStore.Bookkeeping(r.full(), w.workspaceId(), w.alias(), "bdh_sync",
              auditDetails(c.projectId(), repo, r.full(), s)));
      List<Event> events = new ArrayList<>(applied.events());
      if (cmd.action() == CommandLine.Action.CLAIM && claimReason.isEmpty()) {
        events.addAll(claims.claim(h, c.projectId(), slug, repo, holder(w, r), cmd.ids(), now));
      } else if (cmd.action() == CommandLine.Action.RELEASE) {
        events.addAll(claims.release(h, c.projectId(), slug, repo, cmd.ids(), cmd.releaseReason(), now));
      }
      return new Synced(applied, events, claimReason, now);
    });
    SyncStatements.afterCommit(db, bus, outbox, c.projectId(), done.applied(), done.events());
    Ingest.Outcome o = done.applied().outcome();
    Ingest.Stats s = o.stats();
    String reason = done.claimRejectedReason();
    return new SyncResponse(true, done.applied().liveCount(), null,
        new Stats(s.received(), s.inserted(), s.updated(), s.deleted(), s.unchanged(), s.conflicts(), s.tombstoned(),
            s.rejected(), s.keptAbsent()), 1, !reason.isEmpty(), reason, o.conflicts(), o.rejectedShown(),
        Times.isoOffset(done.at()));
  }

  /** The claimant: the workspace, with the request's human name when it gives one. */
  static Claims.Holder holder(WorkspaceRow w, BdhRequest r) {
    return new Claims.Holder(w.workspaceId(), w.alias(), r.humanName() != null ? r.humanName() : w.humanName());
  }

  /** The details of a sync's audit row. */
  private record AuditDetails(String projectId, String repo, String mode, int received, int inserted, int updated,
                              int unchanged, int deleted, int conflicts, int rejected) {
  }

  private static AuditDetails auditDetails(UUID project, String repo, boolean full, Ingest.Stats s) {
    return new AuditDetails(project.toString(), repo, full ? "full" : "incremental", s.received(), s.inserted(),
        s.updated(), s.unchanged(), s.deleted(), s.conflicts(), s.rejected());
  }

  /**
   * The beads a command claims. Their claim locks are taken before the claims are read, so of the
   * pre-flights and syncs claiming one bead at once, one decides at a time (spec 40 §3.3, §4.3).
   */
  static List<String> claiming(CommandLine cmd) {
    return cmd.action() == CommandLine.Action.CLAIM ? cmd.ids() : List.of();
  }
}
