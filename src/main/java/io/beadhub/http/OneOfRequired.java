package io.beadhub.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a request record: the route rejects the body unless at least one of these wire fields is sent
 * (e.g. a mail's {@code to_agent_id} or {@code to_alias}); /openapi.json writes it as {@code anyOf}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface OneOfRequired {
  String[] value();
}
