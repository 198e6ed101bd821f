package io.beadhub.beads;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Title and type resolution of claimed beads and apexes (spec 40 §4.7), used by status, workspace
 * listings, events and the pre-flight. Implemented by the beads feature over {@code beads.issues};
 * {@link #NONE} resolves nothing (titles null) until then.
 */
@FunctionalInterface
public interface BeadTitles {
  /** A bead reference: repo is the canonical origin ({@code ""} for task refs); branch may be null. */
  record Ref(String repo, String beadId, String branch) {
  }

  record TitleType(String title, String type) {
  }

  BeadTitles NONE = (h, projectId, refs) -> Map.of();

  /** One query for all refs; refs with no row are absent from the result. */
  Map<Ref, TitleType> resolve(Handle h, UUID projectId, Collection<Ref> refs);
}
