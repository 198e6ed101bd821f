package io.beadhub;

import io.beadhub.agents.AgentRoutes;
import io.beadhub.agents.AgentService;
import io.beadhub.auth.AuthRoutes;
import io.beadhub.auth.Authenticator;
import io.beadhub.auth.KeyStore;
import io.beadhub.config.Config;
import io.beadhub.config.EmbeddedPostgres;
import io.beadhub.dataplane.DataPlaneEvents;
import io.beadhub.dataplane.DataPlaneRoutes;
import io.beadhub.dataplane.DataPlaneService;
import io.beadhub.db.Database;
import io.beadhub.db.DatabaseUrl;
import io.beadhub.events.EventBus;
import io.beadhub.health.HealthRoutes;
import io.beadhub.http.HttpServer;
import io.beadhub.http.Router;
import io.beadhub.init.InitRoutes;
import io.beadhub.init.InitService;
import io.beadhub.init.LocalInitRateLimiter;
import io.beadhub.presence.LocalPresence;
import io.beadhub.presence.Presence;
import io.beadhub.projects.ProjectRoutes;
import io.beadhub.pubsub.LocalPubSub;
import io.beadhub.pubsub.PubSub;
import io.beadhub.pubsub.RedisPubSub;
import io.beadhub.redis.Redis;
import io.beadhub.beads.BeadsRoutes;
import io.beadhub.beads.BeadsService;
import io.beadhub.claims.BeadTitles;
import io.beadhub.claims.ClaimRoutes;
import io.beadhub.claims.Claims;
import io.beadhub.claims.IssueTitles;
import io.beadhub.notifications.AwebMailSender;
import io.beadhub.notifications.Outbox;
import io.beadhub.notifications.OutboxSweeper;
import io.beadhub.subscriptions.SubscriptionRoutes;
import io.beadhub.sync.SyncRoutes;
import io.beadhub.sync.SyncService;
import io.beadhub.workspaces.WorkspaceCascade;
import io.javalin.Javalin;
import java.time.Clock;
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

  private App() {
  }

  /** Starts everything; on failure, whatever was started is stopped again. */
  public static App start(Config config) {
    App app = new App();
    try {
      app.boot(config);
      return app;
    } catch (RuntimeException e) {
      app.close();
      throw e;
    }
  }

  private void boot(Config config) {
    Clock clock = Clock.systemUTC();
    if (config.custodyKeySet()) {
      log.warn("AWEB_CUSTODY_KEY is set but ignored: this server never holds signing keys");
    }
    Database db = database(config);
    db.migrate();

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
    Presence presence = new LocalPresence(clock);
    resources.add(0, pubsub);
    resources.add(0, presence);
    Redis redisForHealth = redis;
    EventBus bus = new EventBus(pubsub);

    Authenticator auth = new Authenticator(new KeyStore(db), config.internalAuthSecret());
    BeadTitles titles = new IssueTitles();
    Claims claims = new Claims(titles);
    WorkspaceCascade cascade = new WorkspaceCascade(claims, presence, bus);
    boolean mailTable = db.read(AwebMailSender::available);
    Outbox outbox = new Outbox(db, mailTable ? new AwebMailSender(clock) : null, bus, clock);
    resources.add(0, new OutboxSweeper(outbox, db));
    DataPlaneEvents dataPlaneHook = new DataPlaneEvents();
    SyncService sync = new SyncService(db, claims, titles, bus, outbox, clock, mailTable, dataPlaneHook);
    BeadsService beads = new BeadsService(db, claims, bus, outbox, clock, dataPlaneHook);
    AgentService agents = new AgentService(db, presence, cascade, clock, config.presenceTtlSeconds(),
        config.awebServerUrl());
    InitService init = new InitService(db,
        new LocalInitRateLimiter(clock, config.initRateLimit(), config.initRateWindowSeconds()), clock);

    List<Consumer<Router>> routes = List.of(
        r -> HealthRoutes.register(r, db, () -> redisForHealth == null ? "disabled" : redisForHealth.ping()),
        r -> InitRoutes.register(r, init),
        r -> AuthRoutes.register(r, db),
        r -> ProjectRoutes.register(r, db),
        r -> AgentRoutes.register(r, agents),
        r -> SyncRoutes.register(r, sync),
        r -> BeadsRoutes.register(r, beads),
        r -> DataPlaneRoutes.register(r, new DataPlaneService(db, clock)),
        r -> ClaimRoutes.register(r, db),
        r -> SubscriptionRoutes.register(r, db));
    server = HttpServer.create(auth, routes);
    server.start(config.host(), config.port());
  }

  private Database database(Config config) {
    String url = config.databaseUrl();
    if (url == null) {
      EmbeddedPostgres pg = EmbeddedPostgres.start(config.dataDir(), config.embeddedPgPort());
      resources.add(0, pg);
      url = pg.databaseUrl();
    }
    Database db = new Database(DatabaseUrl.parse(url), 32);
    resources.add(0, db);
    return db;
  }

  public int port() {
    return server.port();
  }

  /** Stops the HTTP server (closing streams), then Redis, the pool and embedded PostgreSQL. */
  @Override
  public void close() {
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
