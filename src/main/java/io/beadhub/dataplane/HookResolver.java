package io.beadhub.dataplane;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
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

  DataPlaneViews.Hook resolve(DataPlaneService.Agent a) {
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
    List<Bead> rows = DataPlaneStore.hookCandidates(h, project, repo, a.identities(), handoffs, now);
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
      /** A step of §5.1: its source name, the rows it found, the anomaly of finding several (null: none). */
      record Step(String source, List<Bead> found, String several) {
      }
      for (Step step : List.of(new Step("hooked", hooked, "multiple_hooked"),
          new Step("in-progress", inProgress, "multiple_in_progress"), new Step("pinned", pinned, null),
          new Step("handoff-bead", handoff, null))) {
        if (!step.found().isEmpty()) {
          source = step.source();
          hook = step.found().get(0);
          candidates = step.found().subList(1, step.found().size());
          if (step.found().size() > 1 && step.several() != null) {
            anomalies.add(step.several());
          }
          break;
        }
      }
    }

    Attachment attachment = hook == null ? null : Attachment.parse(hook.description());
    DataPlaneViews.Progress molecule = null;
    List<Bead> steps = List.of();
    if (hook != null) {
      Bead mol = null;
      String attached = attachment.attachedMolecule();
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
    DataPlaneViews.Summary nextStep = null;
    if (hook == null) {
      next = "check_inbox";
    } else if (molecule == null || steps.isEmpty()) {
      next = "execute_hook";
    } else if (molecule.currentStep() != null) {
      next = "continue_step";
      nextStep = molecule.currentStep();
    } else if (molecule.nextReadyStep() != null) {
      next = "execute_step";
      nextStep = molecule.nextReadyStep();
    } else if (molecule.complete()) {
      next = "close_hook";
    } else {
      next = "wait";
    }
    return new DataPlaneViews.Hook(a.name(), a.identities(), source, hook == null ? null : Molecules.summary(hook),
        attachment, molecule, next, nextStep, hookedMail.stream().map(Mail::item).toList(),
        candidates.stream().map(Molecules::summary).toList(), anomalies);
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
    return DataPlaneStore.agentBead(h, project, repo, identities, exact, suffixes, now).orElse(null);
  }
}
