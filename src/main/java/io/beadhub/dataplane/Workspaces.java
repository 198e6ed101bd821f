package io.beadhub.dataplane;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** Live workspaces as the data plane needs them: by id, and mapped from agent names (spec 60 §3.3). */
final class Workspaces {
  record Ws(UUID id, String alias, String humanName, java.time.Instant lastSeenAt) {
  }

  private Workspaces() {
  }

  static Optional<Ws> live(Handle h, UUID project, UUID id) {
    return h.createQuery("""
            SELECT workspace_id, alias, human_name, last_seen_at FROM server.workspaces
             WHERE project_id = :p AND workspace_id = :id AND deleted_at IS NULL
            """).bind("p", project).bind("id", id).map((rs, c) -> ws(rs)).findOne();
  }

  /** For each name, the live workspaces whose alias is a variant or the last segment of it (one query). */
  static Map<String, List<UUID>> mapAssignees(Handle h, UUID project, Collection<String> names) {
    Map<String, List<UUID>> out = new HashMap<>();
    Set<String> aliases = new LinkedHashSet<>();
    names.forEach(n -> aliases.addAll(Identities.aliasCandidates(n)));
    if (aliases.isEmpty()) {
      return out;
    }
    Map<String, Ws> byAlias = new HashMap<>();
    for (Ws w : byAliases(h, project, aliases)) {
      byAlias.put(w.alias(), w);
    }
    for (String n : names) {
      List<UUID> ids = new ArrayList<>();
      for (String a : Identities.aliasCandidates(n)) {
        Ws w = byAlias.get(a);
        if (w != null && !ids.contains(w.id())) {
          ids.add(w.id());
        }
      }
      out.put(n, ids);
    }
    return out;
  }

  static List<Ws> byAliases(Handle h, UUID project, Collection<String> aliases) {
    return h.createQuery("""
            SELECT workspace_id, alias, human_name, last_seen_at FROM server.workspaces
             WHERE project_id = :p AND alias = ANY(:a) AND deleted_at IS NULL
            """).bind("p", project).bind("a", aliases.toArray(new String[0])).map((rs, c) -> ws(rs)).list();
  }

  private static Ws ws(java.sql.ResultSet rs) throws java.sql.SQLException {
    java.time.OffsetDateTime t = rs.getObject("last_seen_at", java.time.OffsetDateTime.class);
    return new Ws(rs.getObject("workspace_id", UUID.class), rs.getString("alias"), rs.getString("human_name"),
        t == null ? null : t.toInstant());
  }
}
