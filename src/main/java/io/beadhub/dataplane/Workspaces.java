package io.beadhub.dataplane;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Agent names mapped to live workspaces (spec 60 §3.3). */
final class Workspaces {
  private Workspaces() {
  }

  /** For each name, the live workspaces whose alias is a variant or the last segment of it (one query). */
  static Map<String, List<UUID>> mapAssignees(Handle h, UUID project, Collection<String> names) {
    Map<String, List<UUID>> out = new HashMap<>();
    Set<String> aliases = new LinkedHashSet<>();
    names.forEach(n -> aliases.addAll(Identities.aliasCandidates(n)));
    if (aliases.isEmpty()) {
      return out;
    }
    Map<String, DataPlaneStore.Ws> byAlias = new HashMap<>();
    for (DataPlaneStore.Ws w : DataPlaneStore.workspacesByAlias(h, project, aliases)) {
      byAlias.put(w.alias(), w);
    }
    for (String n : names) {
      List<UUID> ids = new ArrayList<>();
      for (String a : Identities.aliasCandidates(n)) {
        DataPlaneStore.Ws w = byAlias.get(a);
        if (w != null && !ids.contains(w.id())) {
          ids.add(w.id());
        }
      }
      out.put(n, ids);
    }
    return out;
  }
}
