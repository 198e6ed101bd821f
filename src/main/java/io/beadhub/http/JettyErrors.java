package io.beadhub.http;

import io.beadhub.common.Json;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before or outside the routes (a URI it cannot parse, 414, 431, its own
 * size limits): {@code {"detail": "<reason phrase>"}} with the status, like every other error, instead
 * of Jetty's HTML page. The reason phrase, not Jetty's message, so no internals reach the client.
 */
final class JettyErrors extends ErrorHandler {
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                  Callback callback) {
    String reason = HttpStatus.getMessage(code);
    byte[] body = Json.bytes(Map.of("detail", reason == null ? "Error" : reason));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
