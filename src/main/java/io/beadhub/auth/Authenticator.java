package io.beadhub.auth;

import io.beadhub.common.Access;
import io.beadhub.common.ApiError;
import io.beadhub.common.Caller;
import io.beadhub.common.Uuids;
import io.beadhub.http.Authentication;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns request headers into a {@link Caller}: bearer keys (spec 10 §5.1) or, when a secret is
 * configured and {@code X-BH-Auth} is sent, the signed proxy context (§5.2–5.3) with no fallback.
 */
public final class Authenticator implements Authentication {
  private static final Logger log = LoggerFactory.getLogger(Authenticator.class);
  public static final String AUTH_REQUIRED = "Authentication required";

  private final KeyLookup keys;
  private final KeyCache cache;
  private final byte[] secret; // null ⇒ proxy auth disabled
  private final Clock clock;
  private final AtomicBoolean warnedIgnoredProxy = new AtomicBoolean();
  /** Projects recently found live, with the nanoTime that answer expires (a deletion is seen within it). */
  private final Map<UUID, Long> liveProjects = new ConcurrentHashMap<>();
  private static final long LIVE_PROJECT_TTL_NANOS = 10_000_000_000L;
  private static final int MAX_LIVE_PROJECTS = 10_000;

  public Authenticator(KeyLookup keys, KeyCache cache, String secret, Clock clock) {
    this.keys = keys;
    this.cache = cache;
    this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  /** The checks of spec 10 §0.4 steps 1–3 for a route's {@link Access}, before its handler runs. */
  @Override
  public Caller caller(Context ctx, Access access) {
    switch (access) {
      case NONE:
        return null;
      case OPTIONAL:
        if (!hasCredentials(ctx)) {
          return null;
        }
        Caller optional = authenticate(ctx);
        if (optional.proxy()) {
          requireLiveProject(optional);
        }
        return optional;
      default:
        break;
    }
    Caller c = authenticate(ctx);
    if (c.publicReader() && access != Access.PUBLIC && access != Access.CREDENTIAL) {
      throw ApiError.forbidden("Not available to public readers");
    }
    if (c.proxy() && access != Access.CREDENTIAL) {
      requireLiveProject(c);
    }
    if (access == Access.ACTOR && c.agentId() == null) {
      throw ApiError.forbidden("API key is not bound to an agent");
    }
    return c;
  }
  /** Whether the request carries credentials of either kind (for routes where auth is optional). */
  public boolean hasCredentials(Context ctx) {
    return ctx.header("Authorization") != null || nonEmpty(ctx.header("X-BH-Auth"));
  }

  public Caller authenticate(Context ctx) {
    String proxyHeader = ctx.header("X-BH-Auth");
    if (nonEmpty(proxyHeader)) {
      if (secret != null) {
        return proxy(ctx, proxyHeader);
      }
      if (warnedIgnoredProxy.compareAndSet(false, true)) {
        log.warn("X-BH-Auth received but no BEADHUB_INTERNAL_AUTH_SECRET is configured; ignoring proxy headers");
      }
    }
    return bearer(ctx.header("Authorization"));
  }

  /**
   * A signed proxy context is trusted for who the caller is, not for its project existing: a context
   * naming a missing or deleted project gets 404 {@code Project not found} (the answer the project routes
   * already give) instead of reaching the database with it. Bearer keys of such projects never
   * authenticate (§5.1).
   */
  public void requireLiveProject(Caller c) {
    Long until = liveProjects.get(c.projectId());
    if (until != null && until - System.nanoTime() > 0) {
      return;
    }
    if (!keys.projectLive(c.projectId())) {
      liveProjects.remove(c.projectId());
      throw ApiError.notFound("Project not found");
    }
    if (liveProjects.size() >= MAX_LIVE_PROJECTS) {
      liveProjects.clear();
    }
    liveProjects.put(c.projectId(), System.nanoTime() + LIVE_PROJECT_TTL_NANOS);
  }

  Caller bearer(String header) {
    if (header == null) {
      throw ApiError.unauthorized(AUTH_REQUIRED);
    }
    if (!header.startsWith("Bearer ")) {
      throw ApiError.unauthorized("Invalid Authorization header. Expected: Bearer <token>");
    }
    String token = header.substring(7).trim();
    String hash = ApiKeys.hash(token);
    long generation = cache.generation();
    KeyStore.KeyRow k = cache.get(hash);
    if (k == null) {
      Optional<KeyStore.KeyRow> row = token.isEmpty() ? Optional.empty() : keys.findLive(hash);
      if (row.isEmpty() || !MessageDigest.isEqual(row.get().keyHash().getBytes(StandardCharsets.US_ASCII),
          hash.getBytes(StandardCharsets.US_ASCII))) {
        throw ApiError.unauthorized("Invalid API key");
      }
      k = row.get();
      cache.put(hash, k, generation);
    }
    OffsetDateTime last = k.lastUsedAt();
    OffsetDateTime now = OffsetDateTime.now(clock);
    if (last == null || last.isBefore(now.minusSeconds(KeyStore.TOUCH_SECONDS))) {
      keys.touch(k.apiKeyId(), now);
      cache.put(hash, new KeyStore.KeyRow(k.apiKeyId(), k.projectId(), k.agentId(), k.userId(), k.keyHash(), now),
          generation);
    }
    return new Caller(k.projectId(), k.agentId(), k.apiKeyId(), k.userId(), Caller.Mode.BEARER, false);
  }

  private Caller proxy(Context ctx, String authHeader) {
    UUID project = uuidHeader(ctx, "X-Project-ID");
    String type;
    String principal;
    UUID userId = null;
    UUID apiKeyId = null;
    if (ctx.header("X-User-ID") != null) {
      type = "u";
      userId = uuidHeader(ctx, "X-User-ID");
      principal = userId.toString();
    } else if (ctx.header("X-API-Key") != null) {
      type = "k";
      apiKeyId = uuidHeader(ctx, "X-API-Key");
      principal = apiKeyId.toString();
    } else {
      String[] parts = authHeader.split(":", -1);
      if (parts.length >= 5 && parts[0].equals("v2") && parts[2].equals("p")) {
        type = "p";
        principal = parts[3];
      } else {
        throw ApiError.unauthorized(AUTH_REQUIRED);
      }
    }
    UUID actor = uuidHeader(ctx, "X-Aweb-Actor-ID");
    String message = "v2:" + project + ":" + type + ":" + principal + ":" + actor;
    String expected = message + ":" + HexFormat.of().formatHex(hmac(message));
    if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), authHeader.getBytes(StandardCharsets.UTF_8))) {
      throw ApiError.unauthorized(AUTH_REQUIRED);
    }
    return new Caller(project, actor, apiKeyId, userId, Caller.Mode.PROXY, type.equals("p"));
  }

  private byte[] hmac(String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  private static UUID uuidHeader(Context ctx, String name) {
    return Uuids.parse(ctx.header(name)).orElseThrow(() -> ApiError.unauthorized(AUTH_REQUIRED));
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
