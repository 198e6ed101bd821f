package io.beadhub.db;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;

/**
 * Statements from several Stores sent as one text, so they cost one round trip (see {@link MultiQuery}).
 * Each part is one statement with its own {@code :names} (renamed per position, so that two parts may
 * use the same name); its rows are in its {@link Result} once the batch has run. A failing statement
 * fails the whole text, which callers run inside their transaction. The sync's round trips are its
 * users ({@code sync.SyncStatements}, docs/sync.md).
 */
public final class Batch {
  private static final Pattern PARAM = Pattern.compile("(?<![:\\w]):([A-Za-z_]\\w*)");
  /** Statement texts with their parameters renamed for position i, by i (texts come from a bounded set). */
  private static final List<Map<String, String>> RENAMED = new ArrayList<>();
  private static final int CACHED_POSITIONS = 64;
  private static final int CACHED_TEXTS = 1_000;

  static {
    for (int i = 0; i < CACHED_POSITIONS; i++) {
      RENAMED.add(new ConcurrentHashMap<>());
    }
  }

  /** The rows of one part, readable after {@link #run}. */
  public static final class Result<T> {
    private List<T> rows;

    public List<T> list() {
      if (rows == null) {
        throw new IllegalStateException("the batch has not run");
      }
      return rows;
    }

    /** The first row (empty: none; the row must not be null). */
    public Optional<T> findOne() {
      return list().isEmpty() ? Optional.empty() : Optional.of(list().get(0));
    }

    /** The first row, which may be null (a NULL the mapper passed on). */
    public T one() {
      if (list().isEmpty()) {
        throw new IllegalStateException("no row");
      }
      return list().get(0);
    }
  }

  /** The parameters of one part, bound under the part's own prefix. */
  public static final class Params {
    private final Query q;
    private final String prefix;

    private Params(Query q, String prefix) {
      this.q = q;
      this.prefix = prefix;
    }

    public Params bind(String name, String v) {
      q.bind(prefix + name, v);
      return this;
    }

    public Params bind(String name, UUID v) {
      q.bind(prefix + name, v);
      return this;
    }

    public Params bind(String name, int v) {
      q.bind(prefix + name, v);
      return this;
    }

    public Params bind(String name, boolean v) {
      q.bind(prefix + name, v);
      return this;
    }

    public Params bind(String name, OffsetDateTime v) {
      q.bind(prefix + name, v);
      return this;
    }

    public Params bind(String name, Argument v) {
      q.bind(prefix + name, v);
      return this;
    }

    public Params bind(String name, Object[] v) {
      q.bind(prefix + name, v);
      return this;
    }
  }

  private record Part(String sql, Consumer<Params> binder, RowMapper<?> mapper, Result<?> result) {
  }

  private final List<Part> parts = new ArrayList<>();

  /** Adds a statement whose rows {@code mapper} maps. */
  public <T> Result<T> query(String sql, Consumer<Params> binder, RowMapper<T> mapper) {
    Result<T> r = new Result<>();
    parts.add(new Part(sql, binder, mapper, r));
    return r;
  }

  /** Adds a statement without rows (or whose rows nobody reads). */
  public void update(String sql, Consumer<Params> binder) {
    parts.add(new Part(sql, binder, null, new Result<>()));
  }

  /** {@code sql} with each {@code :name} renamed {@code :b<i>_name}. */
  private static String renamed(String sql, int i) {
    Map<String, String> cache = i < CACHED_POSITIONS ? RENAMED.get(i) : null;
    String r = cache == null ? null : cache.get(sql);
    if (r == null) {
      r = PARAM.matcher(sql).replaceAll(":b" + i + "_$1");
      if (cache != null && cache.size() < CACHED_TEXTS) {
        cache.put(sql, r);
      }
    }
    return r;
  }

  /** Sends every part added so far in one text and fills their results; nothing to send, nothing sent. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void run(Handle h) {
    if (parts.isEmpty()) {
      return;
    }
    List<Part> todo = List.copyOf(parts);
    parts.clear();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < todo.size(); i++) {
      if (i > 0) {
        text.append(";\n");
      }
      text.append(renamed(todo.get(i).sql(), i));
    }
    Query q = h.createQuery(text.toString());
    RowMapper<?>[] mappers = new RowMapper<?>[todo.size()];
    for (int i = 0; i < todo.size(); i++) {
      todo.get(i).binder().accept(new Params(q, "b" + i + "_"));
      mappers[i] = todo.get(i).mapper();
    }
    List<List<?>> rows = MultiQuery.rows(q, mappers);
    for (int i = 0; i < todo.size(); i++) {
      ((Result) todo.get(i).result()).rows = rows.get(i);
    }
  }
}
