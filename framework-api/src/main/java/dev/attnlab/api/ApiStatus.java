package dev.attnlab.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How far a public type of attnlab may be relied on by third-party plugin authors.
 *
 * <p>attnlab defines its own marker instead of depending on a third-party annotation library, so that
 * the API module stays JDK-only.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
@ApiStatus(status = ApiStatus.Status.STABLE, since = "0.1")
public @interface ApiStatus {

    /** The stability of the annotated element. */
    Status status();

    /** The attnlab version in which the element reached this status. */
    String since();

    /** Stability levels, in decreasing order of the promise made. */
    enum Status {
        /** Will not change incompatibly before the next major version. */
        STABLE,
        /** May change in any release; feedback welcome. */
        EXPERIMENTAL,
        /** For attnlab's own modules only; not for plugins. */
        INTERNAL
    }
}
