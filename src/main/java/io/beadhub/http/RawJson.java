package io.beadhub.http;

/** A response body already encoded as JSON (hot routes that write their JSON with a generator). */
public record RawJson(byte[] bytes) {
}
