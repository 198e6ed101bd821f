package io.beadhub.http;

/** A route handler: returns the JSON body of a 200, a {@link Reply}, or {@link Reply#HANDLED}. */
@FunctionalInterface
public interface Endpoint {
  Object handle(Req req) throws Exception;
}
