package io.beadhub.mcp;

import io.beadhub.common.Caller;
import io.beadhub.common.Uuids;
import io.beadhub.pubsub.PubSub;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.ProtocolVersions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The SDK's sessions on this replica, as a cache of the stored ones ({@link McpSessionService}): a session
 * another replica opened is rebuilt here from its initialize params on first use, so a client may land on
 * any replica. Ending a session drops it here and, through pub/sub, on every replica; a replica that
 * missed that message finds the row gone when it next marks the session used.
 */
public final class McpSessions implements McpStreamableServerTransportProvider, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(McpSessions.class);
  /** The revisions we speak; a client asking for another gets the last one. */
  static final List<String> VERSIONS = List.of(ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_11_25,
      ProtocolVersions.MCP_2025_06_18);
  static final String ENDED = "mcp:session-ended";
  private static final long TOUCH_NANOS = Duration.ofMinutes(5).toNanos();
  private static final long LOCAL_IDLE_NANOS = Duration.ofMinutes(30).toNanos();

  private static final class Live {
    final McpStreamableServerSession session;
    final UUID projectId;
    final UUID agentId;
    volatile long usedAt = System.nanoTime();
    volatile long touchedAt = System.nanoTime();

    Live(McpStreamableServerSession session, UUID projectId, UUID agentId) {
      this.session = session;
      this.projectId = projectId;
      this.agentId = agentId;
    }
  }

  /** A session just opened, with the answer to its initialize. */
  record Opened(UUID sessionId, McpSchema.InitializeResult result) {
  }

  private final McpSessionService store;
  private final McpJsonMapper mapper;
  private final PubSub pubsub;
  private final Map<UUID, Live> live = new ConcurrentHashMap<>();
  private final PubSub.Subscription ended;
  private final ScheduledExecutorService sweeper;
  private volatile McpStreamableServerSession.Factory factory;
  private volatile boolean closing;

  public McpSessions(McpSessionService store, McpJsonMapper mapper, PubSub pubsub) {
    this.store = store;
    this.mapper = mapper;
    this.pubsub = pubsub;
    this.ended = pubsub.subscribe(Set.of(ENDED), (ch, msg) -> Uuids.parse(msg).ifPresent(this::drop));
    this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "mcp-session-sweeper");
      t.setDaemon(true);
      return t;
    });
    sweeper.scheduleWithFixedDelay(this::sweep, 5, 5, TimeUnit.MINUTES);
  }

  @Override
  public void setSessionFactory(McpStreamableServerSession.Factory sessionFactory) {
    this.factory = sessionFactory;
  }

  @Override
  public List<String> protocolVersions() {
    return VERSIONS;
  }

  boolean closing() {
    return closing;
  }

  Opened open(Caller c, McpSchema.InitializeRequest init) {
    McpStreamableServerSession.McpStreamableServerSessionInit started = factory.startSession(init);
    UUID id = UUID.fromString(started.session().getId());
    McpSchema.InitializeResult result = started.initResult().block();
    store.open(c, id, json(init));
    live.put(id, new Live(started.session(), c.projectId(), c.agentId()));
    return new Opened(id, result);
  }

  /** The caller's session named by the {@code Mcp-Session-Id} header; 404 when unknown, ended or another's. */
  McpStreamableServerSession find(Caller c, String header) {
    UUID id = Uuids.parse(header).orElseThrow(RpcErrors::sessionNotFound);
    Live l = live.get(id);
    if (l == null) {
      McpSessionStore.Row row = store.find(c, id).orElseThrow(RpcErrors::sessionNotFound);
      McpSchema.InitializeRequest init = read(row.initialize());
      l = live.computeIfAbsent(id, k -> new Live(factory.startSession(init).session(), row.projectId(),
          row.agentId()));
    }
    if (!l.projectId.equals(c.projectId()) || !l.agentId.equals(c.agentId())) {
      throw RpcErrors.sessionNotFound();
    }
    long now = System.nanoTime();
    l.usedAt = now;
    if (now - l.touchedAt > TOUCH_NANOS) {
      l.touchedAt = now;
      if (!store.touch(id)) {
        drop(id);
        throw RpcErrors.sessionNotFound();
      }
    }
    return l.session;
  }

  /** DELETE: ends the caller's session everywhere; 404 when it has none of that id. */
  void end(Caller c, String header) {
    UUID id = Uuids.parse(header).orElseThrow(RpcErrors::sessionNotFound);
    Live l = live.get(id);
    boolean mine = l == null || (l.projectId.equals(c.projectId()) && l.agentId.equals(c.agentId()));
    if (!mine || !store.end(c, id)) {
      throw RpcErrors.sessionNotFound();
    }
    drop(id);
    pubsub.publish(ENDED, id.toString());
  }

  private void drop(UUID id) {
    Live l = live.remove(id);
    if (l != null) {
      l.session.close();
    }
  }

  private void sweep() {
    try {
      long now = System.nanoTime();
      live.entrySet().removeIf(e -> {
        boolean idle = now - e.getValue().usedAt > LOCAL_IDLE_NANOS;
        if (idle) {
          e.getValue().session.close();
        }
        return idle;
      });
      int forgotten = store.forgetIdle();
      if (forgotten > 0) {
        log.info("forgot {} idle MCP sessions", forgotten);
      }
    } catch (RuntimeException e) {
      log.warn("MCP session sweep failed", e);
    }
  }

  @Override
  public Mono<Void> notifyClients(String method, Object params) {
    return Mono.fromRunnable(() -> live.values().forEach(l -> {
      try {
        l.session.sendNotification(method, params).block();
      } catch (RuntimeException e) {
        log.debug("notification {} not delivered: {}", method, e.toString());
      }
    }));
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  @Override
  public void close() {
    closing = true;
    sweeper.shutdownNow();
    ended.close();
    live.values().forEach(l -> l.session.close());
    live.clear();
  }

  private String json(McpSchema.InitializeRequest init) {
    try {
      return mapper.writeValueAsString(init);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private McpSchema.InitializeRequest read(String json) {
    try {
      return mapper.readValue(json, McpSchema.InitializeRequest.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
