package io.beadhub.workspaces;

import io.beadhub.beads.BeadTitles;
import io.beadhub.common.Times;
import io.beadhub.presence.Presence;
import io.beadhub.presence.PresenceRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Builds {@link WorkspaceInfo} items for a page of rows: one presence read, one claims query and one
 * title resolution for the whole page, never per row.
 */
public final class WorkspaceViews {
  /** What to add to the rows; {@code publicReader} redacts member_email, role, hostname, workspace_path. */
  public record Options(boolean includeClaims, boolean includePresence, boolean publicReader) {
  }

  private final Presence presence;
  private final BeadTitles titles;

  public WorkspaceViews(Presence presence, BeadTitles titles) {
    this.presence = presence;
    this.titles = titles;
  }

  public List<WorkspaceInfo> build(Handle h, UUID projectId, List<WorkspaceInfo.Row> rows, Options o) {
    List<UUID> live = rows.stream().filter(r -> r.w().live()).map(r -> r.w().workspaceId()).toList();
    Map<String, PresenceRecord> pres = o.includePresence() && !live.isEmpty()
        ? presence.getMany(live.stream().map(UUID::toString).toList()).stream()
            .filter(p -> projectId.toString().equals(p.projectId()))
            .collect(Collectors.toMap(PresenceRecord::workspaceId, Function.identity(), (a, b) -> a))
        : Map.of();
    List<WorkspaceClaimStore.Claim> claims = o.includeClaims()
        ? WorkspaceClaimStore.forWorkspaces(h, projectId, live) : List.of();
    Map<UUID, List<WorkspaceClaimStore.Claim>> byWs = new HashMap<>();
    for (WorkspaceClaimStore.Claim c : claims) {
      byWs.computeIfAbsent(c.workspaceId(), k -> new ArrayList<>()).add(c);
    }
    List<BeadTitles.Ref> focus = rows.stream().filter(r -> r.w().focusApexBeadId() != null)
        .map(r -> focusRef(r.w())).toList();
    Map<BeadTitles.Ref, BeadTitles.TitleType> tt = titles(h, projectId, claims, focus);
    List<WorkspaceInfo> out = new ArrayList<>(rows.size());
    for (WorkspaceInfo.Row r : rows) {
      out.add(info(r, pres.get(r.w().workspaceId().toString()),
          byWs.getOrDefault(r.w().workspaceId(), List.of()), tt, o.publicReader()));
    }
    return out;
  }

  /** Titles of the claims' beads and apexes plus {@code extra} refs, in one resolution call. */
  private Map<BeadTitles.Ref, BeadTitles.TitleType> titles(Handle h, UUID projectId,
                                                           List<WorkspaceClaimStore.Claim> claims,
                                                           List<BeadTitles.Ref> extra) {
    List<BeadTitles.Ref> refs = new ArrayList<>(extra);
    for (WorkspaceClaimStore.Claim c : claims) {
      refs.add(c.ref());
      refs.add(c.apexRef());
    }
    return refs.isEmpty() ? Map.of() : titles.resolve(h, projectId, refs);
  }

  private static BeadTitles.Ref focusRef(WorkspaceRow w) {
    return new BeadTitles.Ref(w.focusApexRepoName() == null ? "" : w.focusApexRepoName(), w.focusApexBeadId(),
        w.focusApexBranch());
  }

  private static WorkspaceInfo info(WorkspaceInfo.Row r, PresenceRecord p, List<WorkspaceClaimStore.Claim> claims,
                                    Map<BeadTitles.Ref, BeadTitles.TitleType> tt, boolean publicReader) {
    WorkspaceRow w = r.w();
    List<WorkspaceInfo.ClaimInfo> items = new ArrayList<>();
    for (WorkspaceClaimStore.Claim c : claims) {
      BeadTitles.TitleType apex = tt.get(c.apexRef());
      items.add(new WorkspaceInfo.ClaimInfo(c.beadId(), title(tt.get(c.ref())), Times.isoOffset(c.claimedAt()),
          c.apexRef().beadId(), title(apex), type(apex)));
    }
    WorkspaceInfo.ClaimInfo newest = items.isEmpty() ? null : items.get(0);
    BeadTitles.TitleType focus = w.focusApexBeadId() == null ? null : tt.get(focusRef(w));
    String branch = p != null && notEmpty(p.currentBranch()) ? p.currentBranch() : w.currentBranch();
    String role = p != null && notEmpty(p.role()) ? p.role() : w.role();
    String status = p == null ? "offline" : (notEmpty(p.status()) ? p.status() : "active");
    String lastSeen = p != null && notEmpty(p.lastSeen()) ? p.lastSeen() : Times.isoOffset(w.lastSeenAt());
    return new WorkspaceInfo(w.workspaceId().toString(), w.alias(), w.humanName(), w.projectId().toString(),
        r.projectSlug(), p == null ? null : p.program(), p == null ? null : p.model(), r.repo(), branch,
        publicReader || p == null ? null : p.memberEmail(), publicReader ? null : role,
        publicReader ? null : w.hostname(), publicReader ? null : w.workspacePath(),
        newest == null ? null : newest.apexId(), newest == null ? null : newest.apexTitle(),
        newest == null ? null : newest.apexType(),
        w.focusApexBeadId(), title(focus), type(focus), w.focusApexRepoName(), w.focusApexBranch(),
        Times.isoOffset(w.focusUpdatedAt()), status, lastSeen, Times.isoOffset(w.deletedAt()), items);
  }

  /** The presence-only item of {@code /v1/workspaces/online} (spec 30 §2.6). */
  public static WorkspaceInfo online(PresenceRecord p, boolean publicReader) {
    return new WorkspaceInfo(p.workspaceId(), p.alias(), p.humanName(), null, p.projectSlug(), p.program(),
        p.model(), null, p.currentBranch(), publicReader ? null : p.memberEmail(),
        publicReader || !notEmpty(p.role()) ? null : p.role(), null, null, null, null, null, null, null, null,
        null, null, null, notEmpty(p.status()) ? p.status() : "unknown", p.lastSeen() == null ? "" : p.lastSeen(),
        null, List.of());
  }

  private static String title(BeadTitles.TitleType t) {
    return t == null ? null : t.title();
  }

  private static String type(BeadTitles.TitleType t) {
    return t == null ? null : t.type();
  }

  static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
