package io.beadhub.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ParallelTest {
  @Test
  void everyItemIsMappedInPlace() {
    for (int n : new int[] {0, 1, Parallel.MIN_ITEMS - 1, Parallel.MIN_ITEMS * 2, 10_001}) {
      Integer[] out = Parallel.map(n, i -> i * 3, Integer[]::new);
      assertThat(out).hasSize(n);
      for (int i = 0; i < n; i++) {
        assertThat(out[i]).isEqualTo(i * 3);
      }
    }
  }

  @Test
  void largeInputsAreSplitAcrossThreadsWhenThereAreSeveralCores() {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    Parallel.map(Parallel.MIN_ITEMS * 8, i -> threads.add(Thread.currentThread()), Boolean[]::new);
    assertThat(threads).hasSize(Math.min(Runtime.getRuntime().availableProcessors(), 8));
  }

  @Test
  void aFailureInAnySliceIsRethrownToTheCaller() {
    int n = Parallel.MIN_ITEMS * 8;
    assertThatThrownBy(() -> Parallel.map(n, i -> {
      if (i == n - 1) {
        throw new IllegalArgumentException("item " + i);
      }
      return i;
    }, Integer[]::new)).isInstanceOf(IllegalArgumentException.class).hasMessage("item " + (n - 1));
  }

  @Test
  void theFailureRethrownIsThatOfTheLowestIndex() {
    int n = Parallel.MIN_ITEMS * 8;
    for (int bad : new int[] {3, n / 2, n - 2}) { // and every 97th index above it fails too, in later slices
      assertThatThrownBy(() -> Parallel.map(n, i -> {
        if (i == bad || (i > bad && i % 97 == 0) || i == n - 1) {
          throw new IllegalArgumentException("item " + i);
        }
        return i;
      }, Integer[]::new)).hasMessage("item " + bad);
    }
  }
}
