package io.beadhub.pubsub;

import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;

/** In-process pub/sub: listeners are called on the publisher's thread, so they must not block. */
public final class LocalPubSub implements PubSub {
  private final Listeners listeners = new Listeners();

  @Override
  public void publish(String channel, String message) {
    listeners.dispatch(channel, message);
  }

  @Override
  public Subscription subscribe(Collection<String> channels, BiConsumer<String, String> listener) {
    List<String> chans = List.copyOf(channels);
    listeners.add(chans, listener);
    return () -> listeners.remove(chans, listener);
  }
}
