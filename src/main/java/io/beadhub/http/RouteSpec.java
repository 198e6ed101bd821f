package io.beadhub.http;

import java.lang.reflect.Type;

/**
 * What a registered route says about its bodies, for /openapi.json: the request record it accepts, the
 * response record it returns, or that it answers with an event stream. A route that declares no request is
 * documented with an open JSON object.
 */
public final class RouteSpec {
  private volatile Type request;
  private volatile String requestMedia;
  private volatile boolean noBody;
  private volatile Type response;
  private volatile String stream;
  private volatile String summary;

  RouteSpec() {
  }

  /** The JSON body the route reads (a record, a {@code Map}, a {@code List<…>} type). */
  public RouteSpec accepts(Type body) {
    this.request = body;
    return this;
  }

  /** The route reads a body that is not JSON (e.g. JSON Lines): documented as text of this media type. */
  public RouteSpec acceptsText(String mediaType) {
    this.requestMedia = mediaType;
    return this;
  }

  /** The route reads no body (a POST that acts on its path alone). */
  public RouteSpec acceptsNoBody() {
    this.noBody = true;
    return this;
  }

  /** The JSON body of its success answer. */
  public RouteSpec returns(Type body) {
    this.response = body;
    return this;
  }

  /** The route answers with a Server-Sent Events stream of this kind (a metrics label: status, chat, mcp). */
  public RouteSpec stream(String kind) {
    this.stream = kind;
    return this;
  }

  /** One line for the document. */
  public RouteSpec summary(String text) {
    this.summary = text;
    return this;
  }

  Type request() {
    return request;
  }

  String requestMedia() {
    return requestMedia;
  }

  boolean noBody() {
    return noBody;
  }

  Type response() {
    return response;
  }

  String streamKind() {
    return stream;
  }

  String summary() {
    return summary;
  }
}
