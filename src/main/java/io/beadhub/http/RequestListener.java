package io.beadhub.http;

import io.beadhub.common.Caller;
import java.util.List;

/** Told of every answered request and of every event stream's life: the access log and the metrics listen. */
public interface RequestListener {
  /** One answered request; {@code route} is the registered template, {@link #UNMATCHED} when no route owned it. */
  record Exchange(String method, String route, int status, double millis, Caller caller) {
  }

  String UNMATCHED = "unmatched";

  RequestListener NONE = e -> { };

  void finished(Exchange e);

  default void streamOpened(String kind) {
  }

  default void streamClosed(String kind) {
  }

  /** All of {@code listeners}, in order; {@link #NONE} when there are none. */
  static RequestListener all(List<RequestListener> listeners) {
    if (listeners.isEmpty()) {
      return NONE;
    }
    if (listeners.size() == 1) {
      return listeners.get(0);
    }
    List<RequestListener> copy = List.copyOf(listeners);
    return new RequestListener() {
      @Override
      public void finished(Exchange e) {
        copy.forEach(l -> l.finished(e));
      }

      @Override
      public void streamOpened(String kind) {
        copy.forEach(l -> l.streamOpened(kind));
      }

      @Override
      public void streamClosed(String kind) {
        copy.forEach(l -> l.streamClosed(kind));
      }
    };
  }
}
