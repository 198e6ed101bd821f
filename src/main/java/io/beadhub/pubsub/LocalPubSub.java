package io.beadhub.pubsub;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** In-process pub/sub: listeners are called on the publisher's thread, so they must not block. */
public final class LocalPubSub implements PubSub {
  private static final Logger log = LoggerFactory.getLogger(LocalPubSub.class);
  private final Map<String, List<BiConsumer<String, String>>> listeners = new ConcurrentHashMap<>();

  @Override
  public void publish(String channel, String message) {
    List<BiConsumer<String, String>> ls = listeners.get(channel);
    if (ls == null) {
      return;
    }
    for (BiConsumer<String, String> l : ls) {
      try {
        l.accept(channel, message);
      } catch (RuntimeException e) {
        log.warn("pub/sub listener on {} failed", channel, e);
      }
    }
  }

  @Override
  public Subscription subscribe(Collection<String> channels, BiConsumer<String, String> listener) {
    List<String> chans = List.copyOf(channels);
    for (String c : chans) {
      listeners.computeIfAbsent(c, k -> new CopyOnWriteArrayList<>()).add(listener);
    }
    return () -> {
      for (String c : chans) {
        listeners.computeIfPresent(c, (k, ls) -> {
          ls.remove(listener);
          return ls.isEmpty() ? null : ls;
        });
      }
    };
  }
}
