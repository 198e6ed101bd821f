package io.beadhub.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.IntFunction;

/**
 * Splits CPU-bound per-item work of one request across the machine's cores: the calling thread takes
 * one slice, a virtual thread each of the others. Below {@link #MIN_ITEMS} items, or on one core, it
 * runs in the caller. The work must be pure (no shared state) and must not block.
 */
public final class Parallel {
  /** Below this many items the hand-off costs more than it saves. */
  public static final int MIN_ITEMS = 256;

  private Parallel() {
  }

  /**
   * {@code out[i] = f.apply(i)} for i in [0, n). When {@code f} throws, the exception rethrown here is
   * that of the lowest index (slices stop at their first failure and are collected in order), as a
   * sequential loop would have met it.
   */
  public static <T> T[] map(int n, IntFunction<T> f, IntFunction<T[]> newArray) {
    T[] out = newArray.apply(n);
    int slices = Math.min(Runtime.getRuntime().availableProcessors(), n / MIN_ITEMS);
    if (slices <= 1) {
      for (int i = 0; i < n; i++) {
        out[i] = f.apply(i);
      }
      return out;
    }
    List<Future<?>> others = new ArrayList<>(slices - 1);
    for (int s = 1; s < slices; s++) {
      int from = (int) ((long) n * s / slices);
      int to = (int) ((long) n * (s + 1) / slices);
      FutureTask<Void> task = new FutureTask<>(() -> {
        for (int i = from; i < to; i++) {
          out[i] = f.apply(i);
        }
        return null;
      });
      Thread.ofVirtual().name("parallel-slice").start(task);
      others.add(task);
    }
    int firstEnd = n / slices;
    RuntimeException failure = null;
    try {
      for (int i = 0; i < firstEnd; i++) {
        out[i] = f.apply(i);
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Future<?> task : others) {
      try {
        task.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return out;
  }
}
