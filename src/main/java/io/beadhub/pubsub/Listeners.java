package io.beadhub.pubsub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The local side of pub/sub, shared by both transports: who listens on which channel. */
class Listeners {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);
  private final Map<String, List<BiConsumer<String, String>>> byChannel = new ConcurrentHashMap<>();

  /** Calls every listener of {@code channel}; a failing listener does not stop the others. */
  void dispatch(String channel, String message) {
    List<BiConsumer<String, String>> ls = byChannel.get(channel);
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

  /** Adds the listener; returns the channels that had no listener before. */
  List<String> add(Collection<String> channels, BiConsumer<String, String> listener) {
    List<String> fresh = new ArrayList<>();
    for (String ch : channels) {
      byChannel.compute(ch, (k, ls) -> {
        if (ls == null) {
          ls = new CopyOnWriteArrayList<>();
          fresh.add(ch);
        }
        ls.add(listener);
        return ls;
      });
    }
    return fresh;
  }

  /** Removes the listener; returns the channels left with no listener. */
  List<String> remove(Collection<String> channels, BiConsumer<String, String> listener) {
    List<String> gone = new ArrayList<>();
    for (String ch : channels) {
      byChannel.computeIfPresent(ch, (k, ls) -> {
        ls.remove(listener);
        if (ls.isEmpty()) {
          gone.add(ch);
          return null;
        }
        return ls;
      });
    }
    return gone;
  }

  String[] channels() {
    return byChannel.keySet().toArray(new String[0]);
  }
}
