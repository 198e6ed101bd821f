package io.beadhub.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Spec 10 §4 / 30 §4.4. */
class AliasAllocatorTest {
  @Test
  void prefixes() {
    assertThat(AliasAllocator.prefixOf("alice-reviewer")).isEqualTo("alice");
    assertThat(AliasAllocator.prefixOf("bob-03-dev")).isEqualTo("bob-03");
    assertThat(AliasAllocator.prefixOf("Carol")).isEqualTo("carol");
    assertThat(AliasAllocator.prefixOf("alice-01")).isEqualTo("alice-01");
  }

  @Test
  void suggestsFirstUnusedThenNumberedThenExhausts() {
    assertThat(AliasAllocator.suggest(List.of("alice-dev", "bob-rev"))).hasValue("charlie");
    List<String> all = new ArrayList<>(AliasAllocator.CLASSIC);
    assertThat(AliasAllocator.suggest(all)).hasValue("alice-01");
    all.add("alice-01-x");
    assertThat(AliasAllocator.suggest(all)).hasValue("bob-01");
    for (int n = 1; n <= 99; n++) {
      for (String c : AliasAllocator.CLASSIC) {
        all.add(c + "-" + String.format("%02d", n));
      }
    }
    assertThat(AliasAllocator.suggest(all)).isEmpty();
  }

  @Test
  void namespaceDerivation() {
    assertThat(Names.namespaceBase("My_Proj")).isEqualTo("my-proj");
    assertThat(Names.namespaceBase("__")).isEqualTo("default");
    assertThat(Names.namespaceBase("a".repeat(70))).hasSize(64);
  }
}
