package io.beadhub;

import io.beadhub.agents.AgentIdentityService;
import io.beadhub.agents.AgentRoutes;
import io.beadhub.agents.AgentService;
import io.beadhub.attention.AttentionRoutes;
import io.beadhub.attention.AttentionService;
import io.beadhub.auth.AuthRoutes;
import io.beadhub.auth.AuthService;
import io.beadhub.auth.Authenticator;
import io.beadhub.auth.KeyCache;
import io.beadhub.auth.KeyStore;
import io.beadhub.beads.BeadTitles;
import io.beadhub.beads.BeadsRoutes;
import io.beadhub.beads.BeadsService;
import io.beadhub.beads.IssueTitles;
import io.beadhub.claims.PendingClaimSweeper;
import io.beadhub.chat.ChatReplyService;
import io.beadhub.chat.ChatRoutes;
import io.beadhub.chat.ChatService;
import io.beadhub.chat.ChatStreamService;
import io.beadhub.chat.ChatWake;
import io.beadhub.chat.LocalWaitingRegistry;
import io.beadhub.chat.RedisWaitingRegistry;
import io.beadhub.chat.WaitingRegistry;
import io.beadhub.claims.ClaimRoutes;
import io.beadhub.claims.ClaimService;
import io.beadhub.claims.Claims;
import io.beadhub.config.Config;
import io.beadhub.config.EmbeddedPostgres;
import io.beadhub.dataplane.DataPlaneEvents;
import io.beadhub.dataplane.DataPlaneRoutes;
import io.beadhub.dataplane.DataPlaneService;
import io.beadhub.dataplane.StaleService;
import io.beadhub.dashboard.DashboardAssets;
import io.beadhub.dashboard.DashboardRoutes;
import io.beadhub.dashboard.DashboardService;
import io.beadhub.db.Database;
import io.beadhub.delivery.DeliveryRoutes;
import io.beadhub.delivery.DeliveryService;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.escalations.EscalationAnswerMail;
import io.beadhub.escalations.EscalationReminders;
import io.beadhub.escalations.EscalationRoutes;
import io.beadhub.escalations.EscalationService;
import io.beadhub.events.EventBus;
import io.beadhub.events.EventFeed;
import io.beadhub.events.EventRetention;
import io.beadhub.events.EventSequencer;
import io.beadhub.health.HealthRoutes;
import io.beadhub.health.HealthService;
import io.beadhub.http.AccessLog;
import io.beadhub.http.HttpServer;
import io.beadhub.http.RequestListener;
import io.beadhub.http.Router;
import io.beadhub.init.InitRateLimiter;
import io.beadhub.init.InitRoutes;
import io.beadhub.init.InitService;
import io.beadhub.init.LocalInitRateLimiter;
import io.beadhub.init.RedisInitRateLimiter;
import io.beadhub.mail.MailRoutes;
import io.beadhub.mail.MailService;
import io.beadhub.mcp.McpRoutes;
import io.beadhub.mcp.McpSessionService;
import io.beadhub.mcp.McpSessions;
import io.beadhub.mcp.McpSetup;
import io.beadhub.mcp.McpTransport;
import io.beadhub.metrics.Metrics;
import io.beadhub.notifications.AwebMailSender;
import io.beadhub.notifications.Outbox;
import io.beadhub.notifications.OutboxSweeper;
import io.beadhub.policies.DefaultBundle;
import io.beadhub.policies.PolicyRoutes;
import io.beadhub.policies.PolicyService;
import io.beadhub.presence.LocalPresence;
import io.beadhub.presence.Presence;
import io.beadhub.presence.RedisPresence;
import io.beadhub.projects.ProjectRoutes;
import io.beadhub.projects.ProjectService;
import io.beadhub.pubsub.LocalPubSub;
import io.beadhub.pubsub.PubSub;
import io.beadhub.pubsub.RedisPubSub;
import io.beadhub.redis.Redis;
import io.beadhub.repos.RepoRoutes;
import io.beadhub.repos.RepoService;
import io.beadhub.reservations.ReservationRoutes;
import io.beadhub.reservations.ReservationService;
import io.beadhub.status.StatusRoutes;
import io.beadhub.status.StatusService;
import io.beadhub.status.StatusStream;
import io.beadhub.subscriptions.SubscriptionRoutes;
import io.beadhub.subscriptions.SubscriptionService;
import io.beadhub.sync.BeadClaimService;
import io.beadhub.sync.EphemeralRoutes;
import io.beadhub.sync.EphemeralService;
import io.beadhub.sync.ExpiryJob;
import io.beadhub.sync.PreflightService;
import io.beadhub.sync.SyncMeter;
import io.beadhub.sync.SyncRoutes;
import io.beadhub.sync.SyncService;
import io.beadhub.sync.UploadRoutes;
import io.beadhub.sync.UploadService;
import io.beadhub.workspaces.LastSeenWriter;
import io.beadhub.unseen.UnseenEscalator;
import io.beadhub.wake.AgentStreams;
import io.beadhub.wake.WakeRoutes;
import io.beadhub.wake.WakeService;
import io.beadhub.wake.WakeWorker;
import io.beadhub.workspaces.WorkspaceCascade;
import io.beadhub.workspaces.WorkspaceReads;
import io.beadhub.workspaces.WorkspaceRoutes;
import io.beadhub.workspaces.WorkspaceService;
import io.beadhub.workspaces.WorkspaceViews;
import io.javalin.Javalin;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wiring only: config → database → stores → services → routes → server. */
public final class App implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(App.class);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private Javalin server;
  private Router router;
  private StatusStream streams;

  private App() {
  }

  /** Starts everything; on failure, whatever was started is stopped again. */
  public static App start(Config config) {
    return start(config, Clock.systemUTC());
  }

  /** As {@link #start(Config)}, on a given clock (tests move time instead of waiting for it). */
  public static App start(Config config, Clock clock) {
    App app = new App();
    try {
      app.boot(config, clock);
      return app;
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }

  private void boot(Config config, Clock clock) {
    if (config.custodyKeySet()) {
      log.warn("AWEB_CUSTODY_KEY is set but ignored: this server never holds signing keys");
    }
    Database db = database(config);
    db.migrate();
    if (!db.autovacuumOn()) {
      log.warn("autovacuum is off on this PostgreSQL: table statistics and dead rows are not maintained, so "
          + "look-ups slow down as the tables grow; turn it on (or ANALYZE and VACUUM the database regularly)");
    }
    Metrics metrics = config.metrics() ? new Metrics() : null;
    if (metrics != null) {
      resources.add(0, metrics);
      metrics.pool(db);
    }

    Redis redis = null;
    PubSub pubsub;
    if (config.redisUrl() != null) {
      redis = new Redis(config.redisUrl());
      resources.add(0, redis);
      pubsub = new RedisPubSub(redis);
    } else {
      log.warn("no BEADHUB_REDIS_URL: presence and live events are process-local (one replica only)");
      pubsub = new LocalPubSub();
    }
    Presence presence = redis != null ? new RedisPresence(redis, clock) : new LocalPresence(clock);
    resources.add(0, pubsub);
    resources.add(0, presence);
    Redis redisForHealth = redis;
    PubSub remote = redis != null ? pubsub : null;
    EventFeed feed = new EventFeed(db, remote, Duration.ofSeconds(1));
    resources.add(0, feed);
    EventSequencer sequencer = new EventSequencer(db, feed, remote, Duration.ofSeconds(1));
    resources.add(0, sequencer);
    EventBus bus = new EventBus(sequencer::kick);

    KeyCache keyCache = new KeyCache(pubsub);
    Authenticator auth = new Authenticator(new KeyStore(db), keyCache, config.internalAuthSecret(), clock);
    BeadTitles titles = new IssueTitles();
    Claims claims = new Claims(titles);
    WorkspaceCascade cascade = new WorkspaceCascade(claims, presence, bus, keyCache);
    Outbox outbox = new Outbox(db, new AwebMailSender(clock), bus, clock);
    OutboxSweeper sweeper = new OutboxSweeper(outbox, db, clock);
    resources.add(0, sweeper);
    DataPlaneEvents dataPlaneHook = new DataPlaneEvents();
    SyncService sync = new SyncService(db, claims, bus, sweeper, clock, dataPlaneHook);
    BeadsService beads = new BeadsService(db, clock);
    UploadService uploads = new UploadService(db, claims, bus, sweeper, clock, dataPlaneHook);
    resources.add(0, new ExpiryJob(db, claims, bus, dataPlaneHook, clock, 5));
    resources.add(0, new PendingClaimSweeper(db, bus, clock, 5));
    LastSeenWriter lastSeen = new LastSeenWriter(db, 1_000);
    resources.add(0, lastSeen);
    PreflightService preflight = new PreflightService(db, lastSeen, clock);
    AgentService agents = new AgentService(db, presence, cascade, clock, config.presenceTtlSeconds(),
        config.awebServerUrl());
    InitRateLimiter localLimiter =
        new LocalInitRateLimiter(clock, config.initRateLimit(), config.initRateWindowSeconds());
    InitService init = new InitService(db, redis == null ? localLimiter
        : new RedisInitRateLimiter(redis, localLimiter, config.initRateLimit(), config.initRateWindowSeconds()), clock);
    WorkspaceReads workspaceReads = new WorkspaceReads(db, presence, new WorkspaceViews(presence, titles));
    WorkspaceService workspaces = new WorkspaceService(db, presence, cascade, workspaceReads, clock,
        config.presenceTtlSeconds());
    RepoService repos = new RepoService(db, cascade, clock);
    StatusService status = new StatusService(db, presence, clock);
    StatusStream streams = new StatusStream(db, feed, Duration.ofSeconds(30), Duration.ofMinutes(5), clock);
    this.streams = streams;
    resources.add(0, new EventRetention(db, config.eventRetentionHours(), 600));

    DefaultBundle.load(); // a malformed default bundle aborts startup (spec 50 §2)
    PolicyService policies = new PolicyService(db, clock, DefaultBundle::load);
    EscalationService escalations = new EscalationService(db, bus, new EscalationAnswerMail(), clock);

    WaitingRegistry waiting = redis != null ? new RedisWaitingRegistry(redis, clock) : new LocalWaitingRegistry(clock);
    if (metrics != null) {
      waiting = metrics.chatWaiters(waiting);
      metrics.events(sequencer, streams);
      metrics.outbox(outbox, clock);
    }
    ChatWake wake = new ChatWake(redis != null ? pubsub : null);
    MailService mail = new MailService(db, bus, clock);
    ChatService chat = new ChatService(db, bus, wake, waiting, clock);
    ChatStreamService chatStreams = new ChatStreamService(db, wake, waiting, clock);
    ReservationService reservations = new ReservationService(db, bus, clock);

    resources.add(0, new UnseenEscalator(db, bus, clock, Duration.ofMillis(500)));
    resources.add(0, new EscalationReminders(db, bus, clock, Duration.ofSeconds(config.escalationRemindSeconds()),
        Duration.ofSeconds(config.escalationRemindMaxSeconds()), Duration.ofMillis(500)));
    AgentStreams agentStreams = new AgentStreams(db, clock);
    resources.add(0, agentStreams);
    WakeService wakes = new WakeService(db, clock, config.wakeCoalesceSeconds());
    resources.add(0, new WakeWorker(db, clock, config.wakeCoalesceSeconds(), Duration.ofMillis(250)));

    DataPlaneService dataPlane = new DataPlaneService(db, clock);
    SubscriptionService subscriptions = new SubscriptionService(db);
    DeliveryService delivery = new DeliveryService(db);
    AttentionService attention = new AttentionService(db, clock);
    McpTransport mcp = mcp(db, clock, pubsub, new McpSetup.Services(mail, chat,
        new ChatReplyService(chat, chatStreams), reservations, escalations, policies, beads, dataPlane,
        new BeadClaimService(db, claims, bus, clock), subscriptions, status, agents, workspaces, delivery,
        attention));

    DashboardAssets dashboard = DashboardAssets.load();
    List<Consumer<Router>> routes = List.of(
        r -> HealthRoutes.register(r, new HealthService(db,
            () -> redisForHealth == null ? "disabled" : redisForHealth.ping())),
        r -> InitRoutes.register(r, init, auth),
        r -> AuthRoutes.register(r, new AuthService(db)),
        r -> ProjectRoutes.register(r, new ProjectService(db)),
        r -> AgentRoutes.register(r, agents, new AgentIdentityService(db)),
        r -> WorkspaceRoutes.register(r, workspaces, workspaceReads),
        r -> RepoRoutes.register(r, repos),
        r -> StatusRoutes.register(r, status, streams),
        r -> PolicyRoutes.register(r, policies),
        r -> EscalationRoutes.register(r, escalations),
        r -> MailRoutes.register(r, mail),
        r -> DeliveryRoutes.register(r, delivery),
        r -> AttentionRoutes.register(r, attention),
        r -> WakeRoutes.register(r, wakes, streams, agentStreams),
        r -> ChatRoutes.register(r, chat, chatStreams),
        r -> ReservationRoutes.register(r, reservations),
        r -> SyncRoutes.register(r, sync, preflight, metrics != null ? metrics.sync() : SyncMeter.NONE),
        r -> BeadsRoutes.register(r, beads),
        r -> UploadRoutes.register(r, uploads),
        r -> DataPlaneRoutes.register(r, dataPlane),
        r -> DataPlaneRoutes.registerStale(r, new StaleService(db, presence, clock)),
        r -> EphemeralRoutes.register(r, new EphemeralService(db, claims, bus, dataPlaneHook, clock)),
        r -> ClaimRoutes.register(r, new ClaimService(db)),
        r -> SubscriptionRoutes.register(r, subscriptions),
        r -> McpRoutes.register(r, mcp),
        r -> {
          if (metrics != null) {
            metrics.register(r);
          }
        },
        r -> DashboardRoutes.register(r, new DashboardService(db, clock), dashboard, config.dashboardHuman()),
        r -> router = r);
    List<RequestListener> listeners = new ArrayList<>();
    if (config.accessLog()) {
      listeners.add(new AccessLog());
    }
    if (metrics != null) {
      listeners.add(metrics.requests());
    }
    server = HttpServer.create(auth, RequestListener.all(listeners), routes);
    server.start(config.host(), config.port());
  }

  /** The MCP server at {@code /mcp} (spec 90): sessions stored in PostgreSQL, the SDK's server on our transport. */
  private McpTransport mcp(Database db, Clock clock, PubSub pubsub, McpSetup.Services services) {
    McpJsonMapper json = McpJsonDefaults.getMapper();
    McpSessions sessions = new McpSessions(new McpSessionService(db, clock), json, pubsub);
    resources.add(0, sessions);
    McpSetup.server(sessions, services, db);
    McpTransport transport = new McpTransport(sessions, json, pubsub);
    resources.add(0, transport);
    return transport;
  }

  private Database database(Config config) {
    String url = config.databaseUrl();
    if (url == null) {
      EmbeddedPostgres pg = EmbeddedPostgres.start(config.dataDir(), config.embeddedPgPort());
      resources.add(0, pg);
      url = pg.databaseUrl();
    }
    Database db = new Database(DatabaseUrl.parse(url), config.dbPoolSize());
    resources.add(0, db);
    return db;
  }

  public int port() {
    return server.port();
  }

  /** The route table (for checks that must cover every route, such as the fuzz check). */
  public List<Router.Route> routes() {
    return router.routes();
  }

  /** Stops the HTTP server (closing streams), then Redis, the pool and embedded PostgreSQL. */
  @Override
  public void close() {
    if (streams != null) {
      streams.close();
    }
    if (server != null) {
      server.stop();
      server = null;
    }
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        log.warn("error while closing {}", r.getClass().getSimpleName(), e);
      }
    }
    resources.clear();
  }
}
