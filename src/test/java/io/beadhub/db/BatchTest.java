package io.beadhub.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.beadhub.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Statements from several places in one text: each keeps its own parameters, results and effects. */
class BatchTest {
  static Database db;

  @BeforeAll
  static void start() {
    String url;
    try (TestServer server = TestServer.start()) {
      url = server.databaseUrl();
    }
    db = new Database(DatabaseUrl.parse(url), 2);
    db.tx(h -> h.execute("CREATE TABLE public.batch_test (k text PRIMARY KEY, n int)"));
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void partsWithTheSameParameterNamesKeepTheirOwnValuesAndSeeEarlierParts() {
    List<Object> out = db.tx(h -> {
      Batch b = new Batch();
      b.update("INSERT INTO public.batch_test (k, n) VALUES (:k, :n::int)", p -> p.bind("k", "a").bind("n", "1"));
      b.update("INSERT INTO public.batch_test (k, n) VALUES (:k, CAST(:n AS int))", p -> p.bind("k", "b").bind("n", "2"));
      Batch.Result<String> both = b.query("SELECT k || ':' || n::text FROM public.batch_test WHERE k = ANY(:k) ORDER BY k",
          p -> p.bind("k", new String[] {"a", "b"}), (rs, c) -> rs.getString(1));
      Batch.Result<Integer> none = b.query("SELECT n FROM public.batch_test WHERE k = :k",
          p -> p.bind("k", "zz"), (rs, c) -> rs.getInt(1));
      b.run(h);
      return List.of(both.list(), none.list(), none.findOne().isPresent());
    });
    assertThat(out).containsExactly(List.of("a:1", "b:2"), List.of(), false);
  }

  @Test
  void aFailingPartFailsTheTextAndTheTransactionKeepsNothing() {
    assertThatThrownBy(() -> db.tx(h -> {
      Batch b = new Batch();
      b.update("INSERT INTO public.batch_test (k, n) VALUES (:k, 1)", p -> p.bind("k", "kept?"));
      b.update("INSERT INTO public.batch_test (k, n) VALUES (:k, 1)", p -> p.bind("k", "kept?"));
      b.run(h);
      return null;
    })).isInstanceOf(RuntimeException.class);
    int n = db.read(h -> h.createQuery("SELECT count(*) FROM public.batch_test WHERE k = 'kept?'")
        .mapTo(Integer.class).one());
    assertThat(n).isZero();
  }

  @Test
  void resultsAreUnreadableBeforeTheRun() {
    Batch b = new Batch();
    Batch.Result<Integer> r = b.query("SELECT 1", p -> { }, (rs, c) -> rs.getInt(1));
    assertThatThrownBy(r::list).isInstanceOf(IllegalStateException.class);
  }
}
