package io.beadhub.policies;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beadhub.auth.ActorBinding;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Versioned policy bundles per project (spec 50 §1, §3): bootstrap from the defaults, create with
 * optimistic concurrency, activate, reset. Versions are allocated under the project row lock.
 */
public record PolicyService(Database db, Clock clock, Supplier<ObjectNode> defaults) {
  static final String BINDING_MISMATCH = "created_by_workspace_id does not match API key identity";
  static final String FOREIGN_WORKSPACE = "Workspace not found or does not belong to your project";

  /** The newest versions, the active one marked. */
  public record History(List<Item> policies) {
    public record Item(UUID policyId, int version, String createdAt, UUID createdByWorkspaceId, boolean isActive) {
    }
  }

  public record Created(UUID policyId, UUID projectId, int version, boolean created) {
  }

  public record Activated(boolean activated, UUID activePolicyId) {
  }

  public record Reset(boolean reset, UUID activePolicyId, int version) {
  }

  /** {@code defaults} is called at every bootstrap and reset (reset reloads the resources). */

  /** The active version, bootstrapping v1 from the defaults when the project has none. */
  public PolicyRow active(Caller caller) {
    UUID project = caller.projectId();
    Optional<UUID> active = db.read(h -> PolicyStore.activeId(h, project)).orElse(Optional.empty());
    if (active.isPresent()) {
      Optional<PolicyRow> row = db.read(h -> PolicyStore.find(h, project, active.get()));
      if (row.isPresent()) {
        return row.get();
      }
    }
    return bootstrap(project);
  }

  private PolicyRow bootstrap(UUID project) {
    return allocating(() -> db.tx(h -> {
      PolicyStore.LockedProject p = lockProject(h, project);
      if (p.activePolicyId() != null) {
        Optional<PolicyRow> row = PolicyStore.find(h, project, p.activePolicyId());
        if (row.isPresent()) {
          return row.get();
        }
      }
      PolicyRow row = PolicyStore.insert(h, project, PolicyStore.nextVersion(h, project), defaults.get(), null, now());
      PolicyStore.setActive(h, project, row.policyId());
      return row;
    }));
  }

  public History history(Caller caller, int limit) {
    UUID activeId = active(caller).policyId();
    return new History(db.read(h -> PolicyStore.history(h, caller.projectId(), limit)).stream()
        .map(row -> new History.Item(row.policyId(), row.version(), Times.isoZ(row.createdAt()),
            row.createdByWorkspaceId(), row.policyId().equals(activeId)))
        .toList());
  }

  public PolicyView get(Caller caller, UUID policyId) {
    return PolicyView.of(db.read(h -> PolicyStore.find(h, caller.projectId(), policyId))
        .orElseThrow(() -> ApiError.notFound("Policy not found or does not belong to this project")));
  }

  /** Creates a version (not activated). {@code createdBy} null means "default to the caller's workspace". */
  public Created create(Caller caller, ObjectNode bundle, UUID basePolicyId, UUID createdBy) {
    UUID project = caller.projectId();
    if (createdBy != null) {
      ActorBinding.check(caller, createdBy, BINDING_MISMATCH);
    }
    return allocating(() -> db.tx(h -> {
      UUID author = createdBy;
      if (author != null && !PolicyStore.liveWorkspace(h, project, author)) {
        throw ApiError.forbidden(FOREIGN_WORKSPACE);
      }
      if (author == null && caller.agentId() != null && PolicyStore.liveWorkspace(h, project, caller.agentId())) {
        author = caller.agentId();
      }
      PolicyStore.LockedProject p = lockProject(h, project);
      if (basePolicyId != null && !basePolicyId.equals(p.activePolicyId())) {
        throw ApiError.conflict("Policy conflict: base_policy_id " + basePolicyId + " does not match active policy "
            + (p.activePolicyId() == null ? "none" : p.activePolicyId().toString())
            + ". Another agent may have updated the policy. Re-read the active policy and retry.");
      }
      Instant now = now();
      PolicyRow row = PolicyStore.insert(h, project, PolicyStore.nextVersion(h, project), bundle, author, now);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("project_id", project);
      details.put("policy_id", row.policyId());
      details.put("version", row.version());
      details.put("base_policy_id", basePolicyId);
      PolicyStore.audit(h, project, author, "policy_created", details, now);
      return new Created(row.policyId(), project, row.version(), true);
    }));
  }

  public Activated activate(Caller caller, UUID policyId) {
    UUID project = caller.projectId();
    return db.tx(h -> {
      PolicyStore.LockedProject p = lockProject(h, project);
      PolicyStore.find(h, project, policyId).orElseThrow(() -> ApiError.notFound("Policy not found"));
      PolicyStore.setActive(h, project, policyId);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("project_id", project);
      details.put("policy_id", policyId);
      details.put("previous_policy_id", p.activePolicyId());
      PolicyStore.audit(h, project, actorWorkspace(h, caller), "policy_activated", details, now());
      return new Activated(true, policyId);
    });
  }

  /** A new version from freshly loaded defaults, activated. */
  public Reset reset(Caller caller) {
    ObjectNode bundle;
    try {
      bundle = defaults.get();
    } catch (RuntimeException e) {
      throw new ApiError(500, "Failed to reload default policy bundle: " + e.getMessage());
    }
    UUID project = caller.projectId();
    return allocating(() -> db.tx(h -> {
      // Under the lock the current active id is the base, so the optimistic check cannot fail here.
      PolicyStore.LockedProject p = lockProject(h, project);
      UUID author = actorWorkspace(h, caller);
      Instant now = now();
      PolicyRow row = PolicyStore.insert(h, project, PolicyStore.nextVersion(h, project), bundle, author, now);
      PolicyStore.setActive(h, project, row.policyId());
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("project_id", project);
      details.put("policy_id", row.policyId());
      details.put("version", row.version());
      details.put("previous_policy_id", p.activePolicyId());
      PolicyStore.audit(h, project, author, "policy_reset_to_default", details, now);
      return new Reset(true, row.policyId(), row.version());
    }));
  }

  /** The caller's agent when it is a live workspace of the project (audit attribution), else null. */
  private static UUID actorWorkspace(Handle h, Caller caller) {
    UUID agent = caller.agentId();
    return agent != null && PolicyStore.liveWorkspace(h, caller.projectId(), agent) ? agent : null;
  }

  private static PolicyStore.LockedProject lockProject(Handle h, UUID project) {
    Optional<PolicyStore.LockedProject> p = PolicyStore.lock(h, project);
    if (p.isEmpty()) {
      PolicyStore.ensureProjectRow(h, project);
      p = PolicyStore.lock(h, project);
    }
    return p.orElseThrow(() -> ApiError.notFound("Project not found"));
  }

  /**
   * Runs a version allocation; the unique (project, version) constraint is only a safety net behind
   * the project lock, so one retry settles a violation.
   */
  private static <T> T allocating(Supplier<T> work) {
    try {
      return work.get();
    } catch (UnableToExecuteStatementException e) {
      if (isVersionClash(e)) {
        return work.get();
      }
      throw e;
    }
  }

  private static boolean isVersionClash(UnableToExecuteStatementException e) {
    return e.getCause() instanceof SQLException s && "23505".equals(s.getSQLState())
        && String.valueOf(s.getMessage()).contains("project_policies_version_unique");
  }

  private Instant now() {
    return Times.micros(clock.instant());
  }
}
