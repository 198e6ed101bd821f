package io.beadhub.dataplane;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The hook lookup of spec 60 §5.1: two indexed queries (agent beads, then the agent's rows), rules in memory. */
final class HookResolver {
  private final Handle h;
  private final UUID project;
  private final Instant now;
  private final String repo;

  HookResolver(Handle h, UUID project, Instant now, String repo) {
    this.h = h;
    this.project = project;
    this.now = now;
    this.repo = repo;
  }

  Map<String, Object> resolve(DataPlaneService.Agent a) {
    List<String> anomalies = new ArrayList<>();
    List<Bead> candidates = new ArrayList<>();
    String source = "none";
    Bead hook = null;

    Bead slot = agentBead(a.identities());
    if (slot != null && slot.hookBead() != null && !slot.hookBead().isEmpty()) {
      Bead target = DataPlaneStore.resolvePlain(h, project, slot.repo(), slot.branch(), slot.hookBead(), now);
      if (target != null && (repo == null || target.repo().equals(repo))) {
        if (target.status().equals("closed")) {
          anomalies.add("slot_points_to_closed");
        } else {
          hook = target;
          source = "agent-slot";
        }
      } else {
        anomalies.add("slot_points_to_missing");
      }
    }
    Set<String> handoffs = new LinkedHashSet<>();
    a.identities().forEach(i -> {
      String last = Identities.lastSegment(i);
      if (last != null) {
        handoffs.add(last + " Handoff");
      }
    });
    List<Bead> rows = DataPlaneStore.list(DataPlaneStore.q(h, DataPlaneStore.COLUMNS + " WHERE" + DataPlaneStore.LIVE
        + """
         AND (CAST(:repo AS text) IS NULL OR i.repo = :repo)
         AND ((i.assignee = ANY(:ids) AND (i.status IN ('hooked', 'in_progress', 'pinned') OR i.pinned))
              OR (i.status = 'pinned' AND i.title = ANY(:handoffs)))
        ORDER BY i.updated_at DESC NULLS LAST, i.repo, i.bead_id
        """, project, now).bind("repo", repo).bind("ids", DataPlaneStore.arr(a.identities()))
        .bind("handoffs", DataPlaneStore.arr(handoffs)));
    Set<String> ids = new LinkedHashSet<>(a.identities());
    List<Bead> hookedMail = new ArrayList<>();
    List<Bead> hooked = new ArrayList<>();
    List<Bead> inProgress = new ArrayList<>();
    List<Bead> pinned = new ArrayList<>();
    List<Bead> handoff = new ArrayList<>();
    for (Bead b : rows) {
      boolean mine = b.assignee() != null && ids.contains(b.assignee());
      if (mine && b.status().equals("hooked")) {
        (b.mail() ? hookedMail : hooked).add(b);
      } else if (mine && b.status().equals("in_progress") && !b.mail()) {
        inProgress.add(b);
      }
      if (mine && !b.mail() && (b.pinned() || b.status().equals("pinned")) && !b.agentOrRole()) {
        pinned.add(b);
      }
      if (b.status().equals("pinned") && handoffs.contains(b.title())) {
        handoff.add(b);
      }
    }
    if (hook == null) {
      Object[][] steps = {{"hooked", hooked, "multiple_hooked"}, {"in-progress", inProgress, "multiple_in_progress"},
          {"pinned", pinned, null}, {"handoff-bead", handoff, null}};
      for (Object[] step : steps) {
        @SuppressWarnings("unchecked")
        List<Bead> found = (List<Bead>) step[1];
        if (!found.isEmpty()) {
          source = (String) step[0];
          hook = found.get(0);
          candidates = found.subList(1, found.size());
          if (found.size() > 1 && step[2] != null) {
            anomalies.add((String) step[2]);
          }
          break;
        }
      }
    }

    Map<String, Object> attachment = hook == null ? null : Attachment.parse(hook.description());
    Map<String, Object> molecule = null;
    List<Bead> steps = List.of();
    if (hook != null) {
      Bead mol = null;
      String attached = (String) attachment.get("attached_molecule");
      if (attached != null) {
        mol = DataPlaneStore.resolvePlain(h, project, hook.repo(), hook.branch(), attached, now);
        if (mol == null) {
          anomalies.add("molecule_not_visible");
        }
      } else {
        List<Bead> kids = DataPlaneStore.children(h, project, hook.id(), now);
        mol = kids.isEmpty() ? null : hook;
      }
      if (mol != null) {
        steps = Molecules.ordered(mol, DataPlaneStore.children(h, project, mol.id(), now));
        molecule = Molecules.progress(mol, steps);
      }
    }
    String next;
    Object nextStep = null;
    if (hook == null) {
      next = "check_inbox";
    } else if (molecule == null || steps.isEmpty()) {
      next = "execute_hook";
    } else if (molecule.get("current_step") != null) {
      next = "continue_step";
      nextStep = molecule.get("current_step");
    } else if (molecule.get("next_ready_step") != null) {
      next = "execute_step";
      nextStep = molecule.get("next_ready_step");
    } else if (Boolean.TRUE.equals(molecule.get("complete"))) {
      next = "close_hook";
    } else {
      next = "wait";
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("agent", a.name());
    out.put("identities", a.identities());
    out.put("source", source);
    out.put("hook", hook == null ? null : Molecules.summary(hook));
    out.put("attachment", attachment);
    out.put("molecule", molecule);
    out.put("next_action", next);
    out.put("next_step", nextStep);
    out.put("hooked_mail", hookedMail.stream().map(Mail::item).toList());
    out.put("candidates", candidates.stream().map(Molecules::summary).toList());
    out.put("anomalies", anomalies);
    return out;
  }

  /** Step 1's agent bead: title in I or an id of the agent's naming scheme; most recently updated. */
  private Bead agentBead(List<String> identities) {
    Set<String> exact = new LinkedHashSet<>();
    Set<String> suffixes = new LinkedHashSet<>();
    for (String i : identities) {
      String[] s = i.split("/", -1);
      if (i.equals("mayor/") || i.equals("mayor")) {
        exact.add("hq-mayor");
      } else if (i.equals("deacon/") || i.equals("deacon")) {
        exact.add("hq-deacon");
      } else if (s.length == 3 && s[1].equals("polecats")) {
        suffixes.add("-" + s[0] + "-polecat-" + s[2]);
      } else if (s.length == 3 && s[1].equals("crew")) {
        suffixes.add("-" + s[0] + "-crew-" + s[2]);
      } else if (s.length == 2 && (s[1].equals("witness") || s[1].equals("refinery"))) {
        suffixes.add("-" + s[0] + "-" + s[1]);
      }
    }
    List<Bead> found = DataPlaneStore.list(DataPlaneStore.q(h, DataPlaneStore.COLUMNS + " WHERE"
        + DataPlaneStore.LIVE + """
         AND (CAST(:repo AS text) IS NULL OR i.repo = :repo)
         AND (i.issue_type = 'agent' OR 'gt:agent' = ANY(i.labels))
         AND (i.title = ANY(:ids) OR i.bead_id = ANY(:exact) OR i.bead_id LIKE ANY(:like))
        ORDER BY i.updated_at DESC NULLS LAST, i.repo, i.bead_id LIMIT 1
        """, project, now).bind("repo", repo).bind("ids", DataPlaneStore.arr(identities))
        .bind("exact", DataPlaneStore.arr(exact))
        .bind("like", suffixes.stream().map(x -> "%" + x.replace("\\", "\\\\").replace("%", "\\%")
            .replace("_", "\\_")).toArray(String[]::new)));
    return found.isEmpty() ? null : found.get(0);
  }
}
