package io.beadhub.beads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The cache of validated lines stays within its bound, dropping the least recently synced repo first. */
class ValidatedLinesTest {
  static List<IssueRecord> records(String prefix, int n) {
    String text = IntStream.range(0, n).mapToObj(i -> "{\"id\":\"" + prefix + "-" + i + "\",\"title\":\"t" + i + "\"}")
        .collect(Collectors.joining("\n"));
    return RecordValidator.validate(JsonRecords.parseJsonl(text), "main").records();
  }

  @Test
  void theLeastRecentlySyncedRepoIsDroppedWhenTheBoundIsReached() {
    ValidatedLines cache = new ValidatedLines(10);
    UUID p = UUID.randomUUID();
    List<IssueRecord> a = records("a", 4);
    List<IssueRecord> b = records("b", 4);
    cache.put(p, "repo-a", "main", a);
    cache.put(p, "repo-b", "main", b);
    assertThat(cache.of(p, "repo-a", "main").get(a.get(0).rawText())).isNotNull(); // a is now the most recent
    cache.put(p, "repo-c", "main", records("c", 4));

    assertThat(cache.size()).isEqualTo(8);
    assertThat(cache.of(p, "repo-b", "main").get(b.get(0).rawText())).isNull();
    IssueRecord kept = cache.of(p, "repo-a", "main").get(a.get(1).rawText());
    assertThat(kept.beadId()).isEqualTo("a-1");
    assertThat(kept.raw()).isNull(); // kept without its tree: its line is its JSON
    assertThat(kept.rawJson()).isEqualTo(a.get(1).rawText());
    assertThat(cache.of(UUID.randomUUID(), "repo-a", "main").get(a.get(1).rawText())).isNull();
  }

  @Test
  void aRepoLargerThanTheBoundIsNotKept() {
    ValidatedLines cache = new ValidatedLines(3);
    UUID p = UUID.randomUUID();
    List<IssueRecord> a = records("a", 4);
    cache.put(p, "repo-a", "main", a);
    assertThat(cache.size()).isZero();
    assertThat(cache.of(p, "repo-a", "main").get(a.get(0).rawText())).isNull();
  }
}
