package io.beadhub.beads;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * {@link BeadTitles} over beads.issues (spec 40 §4.7), one query for all refs: the row with the ref's
 * branch, else {@code main}, else the most recently synced branch; removed rows count. Task refs
 * (repo {@code ""}) resolve to nothing: this server has no task table.
 */
public final class IssueTitles implements BeadTitles {
  /**
   * The row a ref without a branch resolves to, as an ORDER BY over {@code beads.issues i} (first row
   * wins): {@code main}, then a live row, then the most recently synced. Status reads titles with it.
   */
  public static final String BRANCHLESS_PREFERENCE =
      "(i.branch = 'main') DESC, (i.deleted_at IS NULL) DESC, i.synced_at DESC";

  @Override
  public Map<Ref, TitleType> resolve(Handle h, UUID projectId, Collection<Ref> refs) {
    List<Ref> list = new ArrayList<>(refs.stream().filter(r -> r.repo() != null && !r.repo().isEmpty()).distinct()
        .toList());
    if (list.isEmpty()) {
      return Map.of();
    }
    String[] repos = list.stream().map(Ref::repo).toArray(String[]::new);
    String[] beads = list.stream().map(Ref::beadId).toArray(String[]::new);
    String[] branches = list.stream().map(Ref::branch).toArray(String[]::new);
    Map<Ref, TitleType> out = new HashMap<>();
    IssueStore.titles(h, projectId, repos, beads, branches)
        .forEach(t -> out.put(list.get(t.ordinal() - 1), new TitleType(t.title(), t.type())));
    return out;
  }
}
