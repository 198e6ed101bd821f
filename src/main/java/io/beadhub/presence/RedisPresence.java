package io.beadhub.presence;

import io.beadhub.common.Times;
import io.beadhub.redis.Redis;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence in Redis (spec 30 §5.4): one hash per workspace with a TTL, plus set indexes that are
 * cleaned lazily on read. Commands of one operation are pipelined. Writers are best effort; reads
 * answer "nothing present" when Redis fails.
 */
public final class RedisPresence implements Presence {
  private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);
  private static final long TIMEOUT_MS = 2000;

  private final Redis redis;
  private final Clock clock;

  public RedisPresence(Redis redis, Clock clock) {
    this.redis = redis;
    this.clock = clock;
  }

  static String key(String workspaceId) {
    return "presence:" + workspaceId;
  }

  static String agentKey(String agentId) {
    return "aweb:presence:" + agentId;
  }

  static String aliasKey(String projectId, String alias) {
    return "idx:alias:" + projectId + ":" + enc(alias);
  }

  /** Percent-encodes every byte except {@code A–Z a–z 0–9 _ . - ~}. */
  static String enc(String s) {
    StringBuilder b = new StringBuilder();
    for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
          || c == '-' || c == '~') {
        b.append((char) c);
      } else {
        b.append('%').append(String.format("%02X", c));
      }
    }
    return b.toString();
  }

  private RedisAsyncCommands<String, String> async() {
    var c = redis.commands();
    if (c == null) {
      throw new IllegalStateException("Redis not connected");
    }
    return c.async();
  }

  private static <T> T await(CompletionStage<T> f) {
    try {
      return f.toCompletableFuture().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (Exception e) {
      throw new IllegalStateException("Redis: " + e.getMessage(), e);
    }
  }

  private static void awaitAll(List<? extends CompletionStage<?>> fs) {
    for (CompletionStage<?> f : fs) {
      await(f);
    }
  }

  @Override
  public String upsert(PresenceRecord r, int ttl) {
    String lastSeen = Times.isoOffset(clock.instant());
    try {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("workspace_id", r.workspaceId());
      h.put("alias", nz(r.alias()));
      h.put("human_name", nz(r.humanName()));
      h.put("project_id", nz(r.projectId()));
      h.put("project_slug", nz(r.projectSlug()));
      h.put("repo_id", nz(r.repoId()));
      h.put("member_email", nz(r.memberEmail()));
      h.put("program", nz(r.program()));
      h.put("model", nz(r.model()));
      h.put("status", r.status() == null ? "active" : r.status());
      h.put("current_branch", nz(r.currentBranch()));
      h.put("last_seen", lastSeen);
      if (r.canonicalOrigin() != null) {
        h.put("canonical_origin", r.canonicalOrigin());
      }
      if (r.role() != null) {
        h.put("role", r.role());
      }
      if (r.timezone() != null) {
        h.put("timezone", r.timezone());
      }
      var a = async();
      long idxTtl = 2L * ttl;
      List<CompletionStage<?>> fs = new ArrayList<>();
      fs.add(a.hset(key(r.workspaceId()), h));
      fs.add(a.expire(key(r.workspaceId()), ttl));
      fs.addAll(index(a, "idx:all_workspaces", r.workspaceId(), idxTtl));
      if (!nz(r.projectId()).isEmpty()) {
        fs.addAll(index(a, "idx:project_workspaces:" + r.projectId(), r.workspaceId(), idxTtl));
        fs.add(a.set(aliasKey(r.projectId(), nz(r.alias())), r.workspaceId(), SetArgs.Builder.ex(idxTtl)));
      }
      if (!nz(r.projectSlug()).isEmpty()) {
        fs.addAll(index(a, "idx:project_slug_workspaces:" + enc(r.projectSlug()), r.workspaceId(), idxTtl));
      }
      if (!nz(r.repoId()).isEmpty()) {
        fs.addAll(index(a, "idx:repo_workspaces:" + r.repoId(), r.workspaceId(), idxTtl));
        if (!nz(r.currentBranch()).isEmpty()) {
          fs.addAll(index(a, "idx:branch_workspaces:" + r.repoId() + ":" + enc(r.currentBranch()), r.workspaceId(),
              idxTtl));
        }
      }
      awaitAll(fs);
    } catch (RuntimeException e) {
      log.warn("presence write failed for {}: {}", r.workspaceId(), e.getMessage());
    }
    return lastSeen;
  }

  private static List<CompletionStage<?>> index(RedisAsyncCommands<String, String> a, String set, String member,
                                                 long ttl) {
    return List.of(a.sadd(set, member), a.expire(set, ttl));
  }

  @Override
  public Optional<PresenceRecord> get(String workspaceId) {
    List<PresenceRecord> l = getMany(List.of(workspaceId));
    return l.isEmpty() ? Optional.empty() : Optional.of(l.get(0));
  }

  @Override
  public List<PresenceRecord> getMany(Collection<String> workspaceIds) {
    if (workspaceIds.isEmpty()) {
      return List.of();
    }
    try {
      var a = async();
      List<CompletionStage<Map<String, String>>> fs = new ArrayList<>();
      for (String id : workspaceIds) {
        fs.add(a.hgetall(key(id)));
      }
      List<PresenceRecord> out = new ArrayList<>();
      for (CompletionStage<Map<String, String>> f : fs) {
        Map<String, String> m = await(f);
        if (m != null && !m.isEmpty()) {
          out.add(record(m));
        }
      }
      return out;
    } catch (RuntimeException e) {
      log.warn("presence read failed: {}", e.getMessage());
      return List.of();
    }
  }

  private static PresenceRecord record(Map<String, String> m) {
    return new PresenceRecord(m.get("workspace_id"), nz(m.get("alias")), nz(m.get("human_name")),
        nz(m.get("project_id")), nz(m.get("project_slug")), nz(m.get("repo_id")), nz(m.get("member_email")),
        nz(m.get("program")), nz(m.get("model")), nz(m.get("status")), nz(m.get("current_branch")),
        nz(m.get("last_seen")), m.get("canonical_origin"), m.get("role"), m.get("timezone"));
  }

  @Override
  public boolean update(String workspaceId, UnaryOperator<PresenceRecord> change) {
    try {
      Optional<PresenceRecord> cur = get(workspaceId);
      if (cur.isEmpty()) {
        return false;
      }
      PresenceRecord n = change.apply(cur.get());
      Map<String, String> h = new LinkedHashMap<>();
      h.put("human_name", nz(n.humanName()));
      h.put("current_branch", nz(n.currentBranch()));
      h.put("role", nz(n.role()));
      h.put("timezone", nz(n.timezone()));
      // HSET keeps the key's TTL; only an existing hash is touched.
      return await(async().exists(key(workspaceId))) == 1 && await(async().hset(key(workspaceId), h)) >= 0;
    } catch (RuntimeException e) {
      log.warn("presence update failed for {}: {}", workspaceId, e.getMessage());
      return false;
    }
  }

  @Override
  public List<PresenceRecord> listByProject(String projectId) {
    try {
      String set = "idx:project_workspaces:" + projectId;
      List<String> members = new ArrayList<>(await(async().smembers(set)));
      List<PresenceRecord> live = getMany(members);
      List<String> liveIds = live.stream().map(PresenceRecord::workspaceId).toList();
      List<String> stale = members.stream().filter(m -> !liveIds.contains(m)).toList();
      if (!stale.isEmpty()) {
        async().srem(set, stale.toArray(new String[0]));
      }
      return live.stream().filter(p -> projectId.equals(p.projectId())).toList();
    } catch (RuntimeException e) {
      log.warn("presence read failed: {}", e.getMessage());
      return List.of();
    }
  }

  @Override
  public Optional<String> aliasOwner(String projectId, String alias) {
    try {
      String k = aliasKey(projectId, alias);
      String id = await(async().get(k));
      if (id == null) {
        return Optional.empty();
      }
      if (await(async().exists(key(id))) == 0) {
        async().del(k);
        return Optional.empty();
      }
      return Optional.of(id);
    } catch (RuntimeException e) {
      log.warn("presence read failed: {}", e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public int clear(Collection<String> workspaceIds) {
    if (workspaceIds.isEmpty()) {
      return 0;
    }
    try {
      List<PresenceRecord> existing = getMany(workspaceIds);
      var a = async();
      List<CompletionStage<?>> fs = new ArrayList<>();
      for (PresenceRecord r : existing) {
        if (!r.projectId().isEmpty()) {
          fs.add(a.srem("idx:project_workspaces:" + r.projectId(), r.workspaceId()));
          String ak = aliasKey(r.projectId(), r.alias());
          String owner = await(a.get(ak));
          if (r.workspaceId().equals(owner)) {
            fs.add(a.del(ak));
          }
        }
      }
      for (String id : workspaceIds) {
        fs.add(a.del(key(id), agentKey(id)));
        fs.add(a.srem("idx:all_workspaces", id));
      }
      awaitAll(fs);
      return existing.size();
    } catch (RuntimeException e) {
      log.warn("presence clear failed: {}", e.getMessage());
      return 0;
    }
  }

  @Override
  public String upsertAgent(String agentId, String alias, String projectId, int ttl) {
    String lastSeen = Times.isoOffset(clock.instant());
    try {
      var a = async();
      Map<String, String> h = new LinkedHashMap<>();
      h.put("agent_id", agentId);
      h.put("alias", nz(alias));
      h.put("project_id", nz(projectId));
      h.put("status", "active");
      h.put("last_seen", lastSeen);
      List<CompletionStage<?>> fs = new ArrayList<>();
      fs.add(a.hset(agentKey(agentId), h));
      fs.add(a.expire(agentKey(agentId), ttl));
      fs.addAll(index(a, "aweb:idx:project_agents:" + projectId, agentId, 2L * ttl));
      awaitAll(fs);
    } catch (RuntimeException e) {
      log.warn("agent presence write failed for {}: {}", agentId, e.getMessage());
    }
    return lastSeen;
  }

  @Override
  public Optional<AgentPresence> getAgent(String agentId) {
    return Optional.ofNullable(getAgents(List.of(agentId)).get(agentId));
  }

  @Override
  public Map<String, AgentPresence> getAgents(Collection<String> agentIds) {
    Map<String, AgentPresence> out = new HashMap<>();
    if (agentIds.isEmpty()) {
      return out;
    }
    try {
      var a = async();
      Map<String, CompletionStage<Map<String, String>>> fs = new LinkedHashMap<>();
      for (String id : agentIds) {
        fs.put(id, a.hgetall(agentKey(id)));
      }
      for (var e : fs.entrySet()) {
        Map<String, String> m = await(e.getValue());
        if (m != null && !m.isEmpty()) {
          out.put(e.getKey(), new AgentPresence(e.getKey(), nz(m.get("alias")), nz(m.get("project_id")),
              nz(m.get("status")), nz(m.get("last_seen"))));
        }
      }
    } catch (RuntimeException e) {
      log.warn("agent presence read failed: {}", e.getMessage());
    }
    return out;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
