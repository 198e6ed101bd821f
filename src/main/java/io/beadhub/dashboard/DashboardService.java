package io.beadhub.dashboard;

import io.beadhub.agents.Agent;
import io.beadhub.agents.AgentStore;
import io.beadhub.auth.ActorBinding;
import io.beadhub.auth.ApiKeys;
import io.beadhub.auth.KeyStore;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Times;
import io.beadhub.db.Database;
import io.beadhub.identity.DidKey;
import io.beadhub.projects.ProjectStore;
import io.beadhub.workspaces.WorkspaceStore;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * The dashboard's rules (spec 80 §3): the human's own agent and workspace in the project, and the
 * project-wide chat view. The human acts through that agent's key, so nothing here sends in anyone's name.
 */
public record DashboardService(Database db, Clock clock) {
  static final String WORKSPACE_TYPE = "dashboard";
  static final String ROLE = "human";

  /** The identity's answer: its workspace (= agent id) and a freshly minted key for it. */
  record Identity(UUID workspaceId, String alias, String humanName, String workspaceType, String apiKey) {
  }

  record Participant(UUID workspaceId, String alias) {
  }

  record Session(UUID sessionId, List<Participant> participants, String lastMessage, String lastFrom,
                 String lastActivity, long messageCount) {
  }

  record Sessions(List<Session> sessions, boolean hasMore, String nextCursor) {
  }

  /** One other participant's delivery state of a message: stored, notified or seen (docs/delivery.md). */
  record Delivery(String alias, String state) {
  }

  record Message(UUID messageId, String fromAgent, String body, String createdAt, List<Delivery> delivery) {
  }

  record Messages(UUID sessionId, List<Message> messages) {
  }

  /** Per agent with unread mail, for the status page's attention column (docs/delivery.md). */
  record AgentAttention(String alias, long unreadMail, long urgentMail) {
  }

  record Attention(List<AgentAttention> agents) {
  }

  record Joined(UUID sessionId, UUID workspaceId, String alias, String joinedAt) {
  }

  static final int LAST_MESSAGE_CHARS = 200;

  /**
   * Gets or creates the human's dashboard agent and workspace under {@code alias}, and mints a new key for
   * it (older keys stay valid). An alias held by anything but a dashboard workspace is refused.
   */
  Identity identity(Caller caller, String humanName, String alias) {
    UUID project = caller.projectId();
    return db.tx(h -> {
      UUID agentId = DashboardStore.liveWorkspaceWithAlias(h, project, alias)
          .map(holder -> existing(h, project, holder, humanName, alias))
          .orElseGet(() -> create(h, project, humanName, alias));
      String key = ApiKeys.mint();
      KeyStore.insert(h, project, agentId, key);
      return new Identity(agentId, alias, humanName, WORKSPACE_TYPE, key);
    });
  }

  private static UUID existing(Handle h, UUID project, DashboardStore.AliasHolder holder, String humanName,
                               String alias) {
    if (!WORKSPACE_TYPE.equals(holder.workspaceType())
        || AgentStore.findLive(h, project, holder.workspaceId()).isEmpty()) {
      throw aliasTaken(alias);
    }
    DashboardStore.setHumanName(h, holder.workspaceId(), humanName);
    return holder.workspaceId();
  }

  /** A new custodial agent of type {@code human} with its dashboard workspace (same id), as init creates agents. */
  private static UUID create(Handle h, UUID project, String humanName, String alias) {
    if (AgentStore.findLiveByAlias(h, project, alias).isPresent()) {
      // A concurrent call may have committed this dashboard identity since the caller looked: use it.
      return concurrentlyCreated(h, project, humanName, alias);
    }
    ProjectStore.Project p = ProjectStore.findLive(h, project).orElseThrow(() -> ApiError.notFound("Project not found"));
    DidKey.Generated material = DidKey.generate();
    Optional<UUID> inserted = AgentStore.insertIfFree(h, new AgentStore.NewAgent(project, p.namespaceId(), alias,
        humanName, ROLE, "persistent", "custodial", material.did(), material.publicKey(), material.stableId()));
    if (inserted.isEmpty()) {
      // A concurrent call created it and has committed (the insert waited for it): use that one.
      return concurrentlyCreated(h, project, humanName, alias);
    }
    UUID id = inserted.get();
    AgentStore.log(h, id, project, "create", null, material.did(), null, null, null);
    if (!WorkspaceStore.insertIfFree(h, id, project, null, alias, humanName, ROLE, null, null, WORKSPACE_TYPE)) {
      throw aliasTaken(alias);
    }
    return id;
  }

  /** The dashboard identity another call committed under {@code alias}; any other holder of it is 409. */
  private static UUID concurrentlyCreated(Handle h, UUID project, String humanName, String alias) {
    return DashboardStore.liveWorkspaceWithAlias(h, project, alias)
        .map(holder -> existing(h, project, holder, humanName, alias))
        .orElseThrow(() -> aliasTaken(alias));
  }

  private static ApiError aliasTaken(String alias) {
    return ApiError.conflict("alias_exists: alias '" + alias + "' is used by an agent of this project;"
        + " choose another alias for the dashboard");
  }

  Sessions sessions(Caller caller, SessionCursor after, int limit) {
    return db.read(h -> {
      List<DashboardStore.SessionRow> rows = DashboardStore.sessions(h, caller.projectId(), after, limit);
      boolean more = rows.size() > limit;
      List<DashboardStore.SessionRow> page = more ? rows.subList(0, limit) : rows;
      Map<UUID, List<Participant>> people = new LinkedHashMap<>();
      page.forEach(r -> people.put(r.sessionId(), new ArrayList<>()));
      DashboardStore.participants(h, List.copyOf(people.keySet()))
          .forEach(p -> people.get(p.sessionId()).add(new Participant(p.workspaceId(), p.alias())));
      List<Session> out = page.stream().map(r -> new Session(r.sessionId(), people.get(r.sessionId()),
          cut(r.lastMessage()), r.lastFrom(), Times.zSecond(r.lastActivity().toInstant()), r.messageCount())).toList();
      String next = more ? new SessionCursor(page.getLast().lastActivity(), page.getLast().sessionId()).encode() : null;
      return new Sessions(out, more, next);
    });
  }

  Attention attention(Caller caller) {
    return new Attention(db.read(h -> DashboardStore.attention(h, caller.projectId())).stream()
        .map(r -> new AgentAttention(r.alias(), r.unreadMail(), r.urgentMail())).toList());
  }

  Messages messages(Caller caller, UUID sessionId, int limit) {
    return db.read(h -> {
      requireSession(h, caller.projectId(), sessionId);
      List<Message> out = DashboardStore.messages(h, sessionId, limit).stream()
          .map(m -> new Message(m.messageId(), m.fromAgent(), m.body(), Times.zSecond(m.createdAt().toInstant()),
              deliveries(m))).toList();
      return new Messages(sessionId, out);
    });
  }

  private static List<Delivery> deliveries(DashboardStore.MessageRow m) {
    List<Delivery> out = new ArrayList<>(m.recipients().size());
    for (int i = 0; i < m.recipients().size(); i++) {
      out.add(new Delivery(m.recipients().get(i), m.states().get(i)));
    }
    return out;
  }

  /** Adds the caller's own dashboard workspace to a session (idempotent); joining as someone else is 403. */
  Joined join(Caller caller, UUID sessionId, UUID workspaceId, String alias) {
    ActorBinding.check(caller, workspaceId);
    UUID project = caller.projectId();
    return db.tx(h -> {
      requireSession(h, project, sessionId);
      if (!DashboardStore.isDashboardWorkspace(h, project, workspaceId)) {
        throw ApiError.notFound("Dashboard workspace not found");
      }
      Optional<Agent> agent = AgentStore.findLive(h, project, workspaceId);
      if (agent.isEmpty()) {
        throw ApiError.notFound("Dashboard workspace not found");
      }
      if (!agent.get().alias().equals(alias)) {
        throw ApiError.unprocessable("alias does not match the workspace's alias '" + agent.get().alias() + "'");
      }
      OffsetDateTime joined = DashboardStore.join(h, sessionId, workspaceId, alias,
          OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
      return new Joined(sessionId, workspaceId, alias, Times.zSecond(joined.toInstant()));
    });
  }

  private static void requireSession(Handle h, UUID project, UUID sessionId) {
    if (!DashboardStore.sessionInProject(h, project, sessionId)) {
      throw ApiError.notFound("Session not found");
    }
  }

  private static String cut(String s) {
    if (s == null || s.codePointCount(0, s.length()) <= LAST_MESSAGE_CHARS) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, LAST_MESSAGE_CHARS));
  }
}
